package dev.persona.common.memory;

import dev.persona.common.events.SourceKind;
import java.time.Instant;
import java.util.List;

/**
 * A source's text as stored in {@code transcripts} under {@code _id = sourceId}: so every replay of the same source
 * writes the same document. Recordings carry their engine, media reference and durations; documents their format.
 */
public record Transcript(String id, String ownerId, String personaId, SourceKind sourceKind, String sourceName,
        String language, String engine, String format, String mediaRef, Double durationSec, Double speechSec,
        List<TranscriptSegment> segments, Instant createdAt) {

    /** Version 2 added utterance segments with words, raw text and restored text. */
    public static final int SCHEMA_VERSION = 2;

    public Transcript {
        segments = segments == null ? List.of() : List.copyOf(segments);
    }

    /** The source id; a transcript is stored under its source's id. */
    public String sourceId() {
        return id;
    }
}
