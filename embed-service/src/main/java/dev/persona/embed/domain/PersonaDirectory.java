package dev.persona.embed.domain;

import dev.persona.common.security.PersonaOwnershipGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Whether this stage may still write for a persona: it exists for the owner and its erasure has not begun
 * (ingest-service sets {@code deletingAt} on the persona first, then erases its data). Asked before anything is
 * written and again right after, so a job that finishes during an erasure leaves nothing behind. The remote call to
 * MongoDB gets this stage's fault tolerance.
 */
@ApplicationScoped
public class PersonaDirectory {
    /** Set by ingest-service on a persona whose erasure began. */
    public static final String DELETING_AT = PersonaOwnershipGuard.DELETING_AT;

    @Inject
    PersonaOwnershipGuard guard;

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Boolean> acceptsWrites(String ownerId, String personaId) {
        return guard.isActive(ownerId, personaId);
    }
}
