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
    /**
     * Set on a persona document by ingest-service when its erasure starts: from then on nothing new may be written
     * for it and no route but DELETE serves it.
     */
    public static final String DELETING_AT = "deletingAt";

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /**
     * Fails with 404 {@code persona-not-found} unless {@code personaId} belongs to {@code ownerId}. A persona being
     * erased is still owned (its DELETE must be able to finish); {@link #requireActive} refuses it.
     */
    public Uni<Document> requireOwned(String ownerId, String personaId) {
        if (!plausible(ownerId, personaId)) {
            return Uni.createFrom().failure(notFound());
        }
        return mongo.getDatabase(database).getCollection(PERSONAS).find(owned(ownerId, personaId))
                .collect().first()
                .onItem().ifNull().failWith(PersonaOwnershipGuard::notFound);
    }

    /** As {@link #requireOwned}, and 409 {@code persona-deleting} while the persona's erasure runs. */
    public Uni<Document> requireActive(String ownerId, String personaId) {
        return requireOwned(ownerId, personaId).invoke(persona -> {
            if (persona.get(DELETING_AT) != null) {
                throw deleting();
            }
        });
    }

    public static ApiException deleting() {
        return ApiException.conflict(ErrorCodes.PERSONA_DELETING, "The persona is being deleted; nothing can be added "
                + "to or read from it. DELETE it again to finish the erasure if it did not complete.");
    }

    /**
     * Whether work for the persona may still be written: it exists for that owner and its erasure has not begun.
     * Pipeline consumers ask right before and right after they write, so a job that finishes after its persona was
     * deleted leaves nothing behind.
     */
    public Uni<Boolean> isActive(String ownerId, String personaId) {
        if (!plausible(ownerId, personaId)) {
            return Uni.createFrom().item(false);
        }
        return mongo.getDatabase(database).getCollection(PERSONAS)
                .countDocuments(Filters.and(owned(ownerId, personaId), Filters.exists(DELETING_AT, false)))
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
