package dev.persona.embed.domain;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.persona.common.security.PersonaOwnershipGuard;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The real directory, plus a way to make an erasure begin at an exact point of a job: for a persona registered with
 * {@link #markAfter}, the persona is marked {@code deletingAt} (as ingest-service does) right after its n-th check
 * answered yes, before the stage acts on that answer. Every persona not registered behaves as in production.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RacingPersonaDirectory extends PersonaDirectory {
    private static final Map<String, AtomicInteger> MARK_AFTER = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CHECKS = new ConcurrentHashMap<>();

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    public static void markAfter(String personaId, int checks) {
        MARK_AFTER.put(personaId, new AtomicInteger(checks));
    }

    /** How often the stage asked about this persona. */
    public static int checks(String personaId) {
        AtomicInteger n = CHECKS.get(personaId);
        return n == null ? 0 : n.get();
    }

    @Override
    public Uni<Boolean> acceptsWrites(String ownerId, String personaId) {
        CHECKS.computeIfAbsent(String.valueOf(personaId), k -> new AtomicInteger()).incrementAndGet();
        return super.acceptsWrites(ownerId, personaId).call(accepts -> {
            AtomicInteger left = MARK_AFTER.get(personaId);
            if (!accepts || left == null || left.decrementAndGet() != 0) {
                return Uni.createFrom().voidItem();
            }
            return mongo.getDatabase(database).getCollection(PersonaOwnershipGuard.PERSONAS)
                    .updateOne(Filters.eq("_id", personaId), Updates.set(DELETING_AT, new Date())).replaceWithVoid();
        });
    }
}
