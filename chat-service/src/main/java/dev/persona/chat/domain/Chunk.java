package dev.persona.chat.domain;

import dev.persona.common.events.SourceKind;

/** One stored piece of a persona's memory, as read from the {@code chunks} collection (vector kept apart). */
public record Chunk(String id, String sourceId, SourceKind sourceKind, String sourceName, int index, String text,
        Double startSec, Double endSec, Integer page) {
}
