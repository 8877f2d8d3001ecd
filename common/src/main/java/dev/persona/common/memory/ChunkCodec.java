package dev.persona.common.memory;

import static dev.persona.common.memory.TranscriptCodec.instant;
import static dev.persona.common.memory.TranscriptCodec.integer;
import static dev.persona.common.memory.TranscriptCodec.kind;
import static dev.persona.common.memory.TranscriptCodec.number;
import static dev.persona.common.memory.TranscriptCodec.putIfPresent;
import static dev.persona.common.memory.TranscriptCodec.string;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The one mapping between {@link MemoryChunk} and its {@code chunks} document, used by embed-service (writer),
 * chat-service (reader) and test fixtures. Vectors are stored as packed little-endian float32 (a quarter of the size
 * of a BSON array of doubles, and decoded without boxing); arrays of numbers, as version 1 wrote, still decode.
 */
public final class ChunkCodec {
    private ChunkCodec() {
    }

    public static Document encode(MemoryChunk c) {
        Document d = new Document("_id", c.id())
                .append("schemaVersion", MemoryChunk.SCHEMA_VERSION)
                .append("ownerId", c.ownerId())
                .append("personaId", c.personaId())
                .append("sourceId", c.sourceId())
                .append("sourceKind", c.sourceKind() == null ? null : c.sourceKind().name())
                .append("sourceName", c.sourceName())
                .append("transcriptId", c.transcriptId())
                .append("language", c.language())
                .append("index", c.index())
                .append("text", c.text())
                .append("tokenCount", c.tokenCount());
        putIfPresent(d, "startSec", c.startSec());
        putIfPresent(d, "endSec", c.endSec());
        putIfPresent(d, "page", c.page());
        putIfPresent(d, "endPage", c.endPage());
        d.append("sentences", c.sentences().stream().map(ChunkCodec::encode).toList());
        putIfPresent(d, "vector", c.vector() == null ? null : pack(c.vector()));
        d.append("embeddingModelId", c.embeddingModelId());
        putIfPresent(d, "updatedAt", c.updatedAt() == null ? null : Date.from(c.updatedAt()));
        return d;
    }

    private static Document encode(ChunkSentence s) {
        Document d = new Document("start", s.start()).append("end", s.end());
        putIfPresent(d, "startSec", s.startSec());
        putIfPresent(d, "endSec", s.endSec());
        putIfPresent(d, "page", s.page());
        putIfPresent(d, "vector", s.vector() == null ? null : pack(s.vector()));
        return d;
    }

    public static MemoryChunk decode(Document d) {
        List<ChunkSentence> sentences = new ArrayList<>();
        String text = d.get("text") instanceof String t ? t : null;
        if (text != null && d.get("sentences") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Document s && s.get("start") instanceof Number a && s.get("end") instanceof Number b
                        && a.intValue() >= 0 && b.intValue() > a.intValue() && b.intValue() <= text.length()) {
                    sentences.add(new ChunkSentence(a.intValue(), b.intValue(), number(s.get("startSec")),
                            number(s.get("endSec")), integer(s.get("page")), unpack(s.get("vector"))));
                }
            }
        }
        Integer index = integer(d.get("index"));
        Integer tokens = integer(d.get("tokenCount"));
        return new MemoryChunk(string(d.get("_id")), string(d.get("ownerId")), string(d.get("personaId")),
                string(d.get("sourceId")), kind(d.get("sourceKind")), string(d.get("sourceName")),
                string(d.get("transcriptId")), string(d.get("language")), index == null ? 0 : index, text,
                tokens == null ? 0 : tokens, number(d.get("startSec")), number(d.get("endSec")),
                integer(d.get("page")), integer(d.get("endPage")), sentences, unpack(d.get("vector")),
                string(d.get("embeddingModelId")), instant(d.get("updatedAt")));
    }

    static Binary pack(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return new Binary(buffer.array());
    }

    /** A packed or listed vector; null when absent or not a vector. */
    static float[] unpack(Object value) {
        if (value instanceof Binary binary) {
            byte[] bytes = binary.getData();
            if (bytes.length % Float.BYTES != 0) {
                return null;
            }
            float[] out = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        if (value instanceof List<?> list) {
            float[] out = new float[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    return null;
                }
                out[i] = n.floatValue();
            }
            return out;
        }
        return null;
    }
}
