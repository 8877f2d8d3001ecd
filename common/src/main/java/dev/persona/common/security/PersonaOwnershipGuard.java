package dev.persona.common.security;

import com.mongodb.client.model.Filters;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Route-level isolation: a persona id from a path is only usable by its owner. Another owner's persona and a
 * persona that does not exist both answer 404, so ids cannot be probed. ingest-service owns the
 * {@code personas} collection; the other services only read it here.
 */
@ApplicationScoped
public class PersonaOwnershipGuard {
    public static final String PERSONAS = "personas";

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /** Fails with 404 {@code persona-not-found} unless {@code personaId} belongs to {@code ownerId}. */
    public Uni<Document> requireOwned(String ownerId, String personaId) {
        if (!plausible(ownerId, personaId)) {
            return Uni.createFrom().failure(notFound());
        }
        return mongo.getDatabase(database).getCollection(PERSONAS).find(owned(ownerId, personaId))
                .collect().first()
                .onItem().ifNull().failWith(PersonaOwnershipGuard::notFound);
    }

    /**
     * Whether the persona still exists for that owner. Pipeline consumers ask before they write, so a job that
     * finishes after its persona was deleted leaves nothing behind.
     */
    public Uni<Boolean> isOwned(String ownerId, String personaId) {
        if (!plausible(ownerId, personaId)) {
            return Uni.createFrom().item(false);
        }
        return mongo.getDatabase(database).getCollection(PERSONAS).countDocuments(owned(ownerId, personaId))
                .map(count -> count > 0);
    }

    private static Bson owned(String ownerId, String personaId) {
        return Filters.and(Filters.eq("_id", personaId), Filters.eq("ownerId", ownerId));
    }

    private static boolean plausible(String ownerId, String personaId) {
        return ownerId != null && personaId != null && !personaId.isBlank() && personaId.length() <= 64;
    }

    private static ApiException notFound() {
        return ApiException.notFound(ErrorCodes.PERSONA_NOT_FOUND, "No such persona.");
    }
}
