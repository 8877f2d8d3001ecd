package dev.persona.chat.domain;

import dev.persona.common.events.SourceKind;
import java.util.List;

/**
 * One stored piece of a persona's memory, as read from the {@code chunks} collection (vectors kept apart), with its
 * sentences in the order they were said or written.
 */
public record Chunk(String id, String sourceId, SourceKind sourceKind, String sourceName, int index, String text,
        Double startSec, Double endSec, Integer page, List<Sentence> sentences) {

    public Chunk {
        sentences = sentences == null ? List.of() : List.copyOf(sentences);
    }

    /** One sentence of the chunk with the seconds it was said at (recordings) or its page (documents). */
    public record Sentence(String text, Double startSec, Double endSec, Integer page) {
    }
}
