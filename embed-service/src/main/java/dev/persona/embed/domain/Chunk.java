package dev.persona.embed.domain;

import dev.persona.common.memory.ChunkSentence;
import java.util.List;

/**
 * A sentence-aligned window of a transcript before embedding. Recordings carry the seconds of its first and last
 * sentence, documents the first and last page; {@code sentences} carry their own spans, seconds and pages.
 */
public record Chunk(int index, String text, int tokenCount, Double startSec, Double endSec, Integer page,
        Integer endPage, List<ChunkSentence> sentences) {
}
