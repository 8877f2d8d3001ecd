package dev.persona.auth.service;

import dev.persona.auth.config.AuthConfig;
import dev.persona.auth.domain.RefreshToken;
import dev.persona.auth.domain.User;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;

/** Issues the RS256 access token and a rotating, opaque refresh token. */
@ApplicationScoped
public class TokenIssuer {
    public static final String USER_GROUP = "user";

    @Inject
    AuthConfig config;

    @Inject
    SigningKeys keys;

    public Uni<TokenPair> issue(User user) {
        Instant now = Instant.now();
        String access = Jwt.issuer(config.issuer())
                .subject(user.id)
                .upn(user.email)
                .claim("email", user.email)
                .claim("email_verified", user.emailVerified)
                .groups(groups(user))
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenTtl()))
                .jws().keyId(keys.keyId())
                .sign(keys.privateKey());

        String refresh = Hashes.newSecret();
        RefreshToken stored = new RefreshToken();
        stored.id = Hashes.sha256(refresh);
        stored.userId = user.id;
        stored.expiresAt = now.plus(config.refreshTokenTtl());
        return stored.persist()
                .replaceWith(new TokenPair(access, config.accessTokenTtl().toSeconds(), refresh));
    }

    /** Every account is a {@code user}; a verified account with a configured operator email is also an admin. */
    Set<String> groups(User user) {
        boolean admin = user.emailVerified && user.email != null && config.adminEmails()
                .map(emails -> emails.stream().map(AccountService::normalise).anyMatch(user.email::equals))
                .orElse(false);
        return admin ? Set.of(USER_GROUP, config.adminGroup()) : Set.of(USER_GROUP);
    }

    public record TokenPair(String accessToken, long expiresInSeconds, String refreshToken) {
    }
}
