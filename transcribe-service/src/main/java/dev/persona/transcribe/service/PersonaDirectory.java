package dev.persona.transcribe.service;

import com.mongodb.client.model.Filters;
import dev.persona.common.security.PersonaOwnershipGuard;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Reads ingest-service's {@code personas} collection: a persona deleted while its recording was being transcribed
 * must not get a transcript written for it.
 */
@ApplicationScoped
public class PersonaDirectory {

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200)
    public Uni<Boolean> exists(String ownerId, String personaId) {
        return mongo.getDatabase(database).getCollection(PersonaOwnershipGuard.PERSONAS)
                .countDocuments(Filters.and(Filters.eq("_id", personaId), Filters.eq("ownerId", ownerId)))
                .map(count -> count > 0);
    }
}
