package dev.persona.auth.service;

import dev.persona.auth.config.AuthConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The RSA key that signs access tokens. Production mounts it (a Kubernetes Secret) so every instance signs with
 * the same key; the embedded default generates one on first start and keeps it in the data folder.
 */
@Startup
@ApplicationScoped
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    @Inject
    AuthConfig config;

    private PrivateKey privateKey;
    private RSAPublicKey publicKey;
    private String keyId;

    @PostConstruct
    void load() {
        Path path = Path.of(config.signingKeyPath());
        try {
            if (!Files.exists(path)) {
                generate(path);
            }
            String pem = Files.readString(path, StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            privateKey = key;
            publicKey = (RSAPublicKey) factory
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            keyId = URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()))
                    .substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key at " + path, e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("The signing key at " + path + " is not a PKCS#8 RSA private key", e);
        }
    }

    private static void generate(Path path) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded)
                + "\n-----END PRIVATE KEY-----\n";
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "signing-key", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system; the folder's own permissions apply.
        }
        Files.writeString(temp, pem, StandardCharsets.US_ASCII);
        Files.move(temp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("Generated a new token signing key at %s", path);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public half as a JSON Web Key Set (RFC 7517). */
    public Map<String, Object> jwks() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("kid", keyId);
        jwk.put("n", URL.encodeToString(unsigned(publicKey.getModulus())));
        jwk.put("e", URL.encodeToString(unsigned(publicKey.getPublicExponent())));
        return Map.of("keys", List.of(jwk));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
