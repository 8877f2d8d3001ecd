package dev.persona.embed.domain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.CountOptions;
import dev.persona.common.security.PersonaOwnershipGuard;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** Reads ingest-service's {@code personas} collection: a job whose persona was deleted must leave nothing behind. */
@ApplicationScoped
public class PersonaDirectory {

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<Boolean> exists(String ownerId, String personaId) {
        return mongo.getDatabase(database).getCollection(PersonaOwnershipGuard.PERSONAS)
                .countDocuments(and(eq("_id", personaId), eq("ownerId", ownerId)), new CountOptions().limit(1))
                .map(count -> count > 0);
    }
}
