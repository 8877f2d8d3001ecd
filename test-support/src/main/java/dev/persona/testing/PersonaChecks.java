package dev.persona.testing;

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
 * Common's persona guard in the services' tests: the real check (the persona exists for the owner and is not being
 * erased), counted per persona, with two ways to provoke what a stage must survive, for a persona a test registers
 * (every other persona behaves as in production):
 * <ul>
 * <li>{@link #markAfter}: the persona is marked {@code deletingAt} (as ingest-service does) right after its n-th
 * check answered yes, before the stage acts on that answer, so an erasure begins at an exact point of a job;</li>
 * <li>{@link #failNext}: the next n checks fail as an unreachable MongoDB would, so the callers' retries can be
 * counted ({@link #checks}) and their outcome seen.</li>
 * </ul>
 * It replaces the bean the stages' remote calls go through, so their own fault-tolerance annotations stay in force.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class PersonaChecks extends PersonaOwnershipGuard {
    private static final Map<String, AtomicInteger> MARK_AFTER = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CHECKS = new ConcurrentHashMap<>();

    @Inject
    ReactiveMongoClient client;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String databaseName;

    /** What a failed check fails with. */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(String personaId) {
            super("injected failure of the persona check of " + personaId);
        }
    }

    public static void markAfter(String personaId, int checks) {
        MARK_AFTER.put(personaId, new AtomicInteger(checks));
    }

    public static void failNext(String personaId, int checks) {
        FAILURES.put(personaId, new AtomicInteger(checks));
    }

    /** How often the persona was checked, failed checks included. */
    public static int checks(String personaId) {
        AtomicInteger n = CHECKS.get(personaId);
        return n == null ? 0 : n.get();
    }

    @Override
    public Uni<Boolean> isActive(String ownerId, String personaId) {
        CHECKS.computeIfAbsent(String.valueOf(personaId), k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger failures = personaId == null ? null : FAILURES.get(personaId);
        if (failures != null && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Uni.createFrom().failure(new InjectedFault(personaId));
        }
        return super.isActive(ownerId, personaId).call(active -> {
            AtomicInteger left = personaId == null ? null : MARK_AFTER.get(personaId);
            if (!active || left == null || left.decrementAndGet() != 0) {
                return Uni.createFrom().voidItem();
            }
            return client.getDatabase(databaseName).getCollection(PERSONAS)
                    .updateOne(Filters.eq("_id", personaId), Updates.set(DELETING_AT, new Date())).replaceWithVoid();
        });
    }
}
