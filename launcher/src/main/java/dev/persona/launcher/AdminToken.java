package dev.persona.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A short-lived operator token for the embedded default, signed with the key auth-service keeps in
 * {@code .persona/data/auth/signing-key.pem} (it generates it on first start), exactly as auth-service signs: RS256,
 * its issuer, its key id (the first 16 characters of the URL-safe SHA-256 of the public key). Every service verifies
 * it against auth-service's JWKS like any other token, so no password and no operator account are needed: whoever
 * can read that file owns the installation anyway.
 */
public final class AdminToken {
    static final String ISSUER = "https://persona.dev/auth";
    static final String SUBJECT = "persona-operator";
    static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminToken() {
    }

    /** Where {@code ./persona up} keeps auth-service's signing key: {@code persona.auth.signing-key-path}. */
    public static Path keyPath(Path home) {
        return home.resolve("data").resolve("auth").resolve("signing-key.pem");
    }

    public static String sign(Path keyFile, String group, Instant now) throws IOException, GeneralSecurityException {
        RSAPrivateCrtKey key = readKey(keyFile);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", keyId(key));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", SUBJECT);
        claims.put("upn", SUBJECT);
        claims.put("groups", List.of(group));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        String signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + URL.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(rsa.sign());
    }

    static RSAPrivateCrtKey readKey(Path keyFile) throws IOException, GeneralSecurityException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    /** auth-service's {@code SigningKeys.keyId()}: services pick the JWKS key by it. */
    static String keyId(RSAPrivateCrtKey key) throws GeneralSecurityException {
        byte[] publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())).getEncoded();
        return URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(publicKey)).substring(0, 16);
    }
}
