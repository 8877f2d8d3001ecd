package dev.persona.embed.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic chunk ids: the same source, model and position always map to the same document, so re-consuming an
 * event upserts instead of duplicating, and another model's chunks live beside these.
 */
public final class ChunkIds {
    private ChunkIds() {
    }

    public static String of(String sourceId, String modelId, int index) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((sourceId + "|" + modelId + "|" + index).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
