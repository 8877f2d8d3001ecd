package dev.persona.testing;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * JWTs signed with the test key pair under {@code persona-test-keys/}, as auth-service would issue them. Services
 * verify them in tests with {@code mp.jwt.verify.publickey.location=persona-test-keys/publicKey.pem}.
 */
public final class TestTokens {
    public static final String ISSUER = "https://persona.dev/auth";
    private static final String PRIVATE_KEY = "persona-test-keys/privateKey.pem";

    private TestTokens() {
    }

    public static String forOwner(String ownerId) {
        return Jwt.issuer(ISSUER).subject(ownerId).upn(ownerId + "@example.test").groups(Set.of("user"))
                .expiresIn(Duration.ofMinutes(30)).jws().keyId("test").sign(PRIVATE_KEY);
    }

    public static String expired(String ownerId) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return Jwt.issuer(ISSUER).subject(ownerId).groups(Set.of("user")).issuedAt(past)
                .expiresAt(past.plus(Duration.ofMinutes(5))).jws().keyId("test").sign(PRIVATE_KEY);
    }
}
