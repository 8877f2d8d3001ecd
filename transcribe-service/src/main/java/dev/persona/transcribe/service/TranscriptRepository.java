package dev.persona.transcribe.service;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptCodec;
import dev.persona.transcribe.domain.PermanentFailure;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The {@code transcripts} documents of recordings. Writes replace the whole document under the recording id, so a
 * replayed event converges to one transcript; the owner and persona are part of the filter, so a write can never land
 * on another owner's document (it fails on the duplicate id instead).
 */
@ApplicationScoped
public class TranscriptRepository {
    public static final String COLLECTION = MemoryCollections.TRANSCRIPTS;

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, abortOn = PermanentFailure.class)
    public Uni<Void> upsert(Transcript t) {
        return collection().replaceOne(filter(t.ownerId(), t.personaId(), t.id()), TranscriptCodec.encode(t),
                new ReplaceOptions().upsert(true))
                .onFailure(TranscriptRepository::isDuplicateKey).transform(e -> new PermanentFailure(
                        "transcript id " + t.id() + " is already used by another owner or persona"))
                .replaceWithVoid();
    }

    /** Removes a transcript written for a persona whose erasure began meanwhile; succeeds when it is gone. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200)
    public Uni<Void> delete(String ownerId, String personaId, String recordingId) {
        return collection().deleteOne(filter(ownerId, personaId, recordingId)).replaceWithVoid();
    }

    static Bson filter(String ownerId, String personaId, String recordingId) {
        return Filters.and(Filters.eq("_id", recordingId), Filters.eq("ownerId", ownerId),
                Filters.eq("personaId", personaId));
    }

    private ReactiveMongoCollection<Document> collection() {
        return mongo.getDatabase(database).getCollection(COLLECTION);
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
