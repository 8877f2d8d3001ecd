package dev.persona.embed.domain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptCodec;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** Reads transcripts that transcribe-service and ingest-service wrote, through the shared codec. */
@ApplicationScoped
public class TranscriptRepository {

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /** The transcript, or null when none with that id belongs to this owner and persona. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Transcript> find(String transcriptId, String ownerId, String personaId) {
        return mongo.getDatabase(database).getCollection(MemoryCollections.TRANSCRIPTS)
                .find(and(eq("_id", transcriptId), eq("ownerId", ownerId), eq("personaId", personaId)))
                .collect().first()
                .map(doc -> doc == null ? null : TranscriptCodec.decode(doc));
    }
}
