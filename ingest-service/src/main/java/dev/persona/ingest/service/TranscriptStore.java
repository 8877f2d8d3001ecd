package dev.persona.ingest.service;

import com.mongodb.client.model.Filters;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptCodec;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * ingest's access to the shared {@code transcripts} collection: it writes documents' transcripts and reads every
 * source's, always through {@link TranscriptCodec} so its shape is the one transcribe- and embed-service use.
 */
@ApplicationScoped
public class TranscriptStore {

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    public Uni<Void> insert(Transcript transcript) {
        return collection().insertOne(TranscriptCodec.encode(transcript)).replaceWithVoid();
    }

    public Uni<Void> delete(String ownerId, String personaId, String sourceId) {
        return collection().deleteOne(Filters.and(owned(ownerId, personaId), Filters.eq("_id", sourceId)))
                .replaceWithVoid();
    }

    /** The transcript of a source, or 404 not-found while none was written (recordings: until transcribed). */
    public Uni<Transcript> find(String ownerId, String personaId, String sourceId) {
        return collection().find(Filters.and(owned(ownerId, personaId), Filters.eq("sourceId", sourceId)))
                .collect().first()
                .onItem().ifNull().failWith(() -> ApiException.notFound(ErrorCodes.NOT_FOUND,
                        "There is no transcript for this source yet."))
                .map(TranscriptCodec::decode);
    }

    private static Bson owned(String ownerId, String personaId) {
        return Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId));
    }

    private ReactiveMongoCollection<Document> collection() {
        return mongo.getDatabase(database).getCollection(MemoryCollections.TRANSCRIPTS);
    }
}
