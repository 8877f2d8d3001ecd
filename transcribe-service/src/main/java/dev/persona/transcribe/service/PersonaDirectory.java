package dev.persona.transcribe.service;

import dev.persona.common.security.PersonaOwnershipGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Whether a persona still exists for its owner, asked before anything is written: a persona deleted while its
 * job was running must get nothing written for it. The remote call to MongoDB gets this stage's fault tolerance.
 */
@ApplicationScoped
public class PersonaDirectory {

    @Inject
    PersonaOwnershipGuard guard;

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200)
    public Uni<Boolean> exists(String ownerId, String personaId) {
        return guard.isOwned(ownerId, personaId);
    }
}
