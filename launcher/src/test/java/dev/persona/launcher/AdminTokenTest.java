package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void signsAnRs256TokenWithTheAdminGroupThatTheKeysPublicHalfVerifies(@TempDir Path home) throws Exception {
        KeyPair pair = keyPairAt(AdminToken.keyPath(home));
        Instant now = Instant.parse("2026-01-02T03:04:05Z");

        String token = AdminToken.sign(AdminToken.keyPath(home), "admin", now);

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("RS256", header.path("alg").asText());
        // auth-service's SigningKeys.keyId(): the services find the JWKS key by it.
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(pair.getPublic().getEncoded())).substring(0, 16);
        assertEquals(kid, header.path("kid").asText());
        assertEquals("https://persona.dev/auth", claims.path("iss").asText());
        assertEquals("admin", claims.path("groups").get(0).asText());
        assertEquals(1, claims.path("groups").size());
        assertEquals(now.getEpochSecond(), claims.path("iat").asLong());
        assertEquals(now.plus(AdminToken.LIFETIME).getEpochSecond(), claims.path("exp").asLong());

        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(pair.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));

        Signature other = Signature.getInstance("SHA256withRSA");
        other.initVerify(newKeyPair().getPublic());
        other.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertFalse(other.verify(Base64.getUrlDecoder().decode(parts[2])));
    }

    /** Written the way auth-service's SigningKeys writes it (PKCS#8 PEM). */
    private static KeyPair keyPairAt(Path file) throws Exception {
        KeyPair pair = newKeyPair();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64,
                "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        return pair;
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
