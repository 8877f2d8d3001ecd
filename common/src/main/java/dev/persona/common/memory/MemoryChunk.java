package dev.persona.common.memory;

import dev.persona.common.events.SourceKind;
import java.time.Instant;
import java.util.List;

/**
 * One embedded, sentence-aligned window of a source in {@code chunks}; {@code _id} = sha256(sourceId|modelId|index).
 * Recordings carry the seconds of the first and last sentence, documents the first and last page; each sentence
 * carries its own.
 */
public record MemoryChunk(String id, String ownerId, String personaId, String sourceId, SourceKind sourceKind,
        String sourceName, String transcriptId, String language, int index, String text, int tokenCount,
        Double startSec, Double endSec, Integer page, Integer endPage, List<ChunkSentence> sentences, float[] vector,
        String embeddingModelId, Instant updatedAt) {

    /** Version 2 added per-sentence spans, times and vectors, and stores vectors as packed float32. */
    public static final int SCHEMA_VERSION = 2;

    public MemoryChunk {
        sentences = sentences == null ? List.of() : List.copyOf(sentences);
    }
}
