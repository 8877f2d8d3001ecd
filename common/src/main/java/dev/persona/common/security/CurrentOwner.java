package dev.persona.common.security;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated owner of the current request: the {@code sub} claim of the verified JWT. */
@RequestScoped
public class CurrentOwner {

    @Inject
    JsonWebToken jwt;

    @Inject
    SecurityIdentity identity;

    public String id() {
        String subject = identity.isAnonymous() ? null : jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw ApiException.unauthorized(ErrorCodes.UNAUTHORIZED, "A valid bearer token is required.");
        }
        return subject;
    }
}
