package dev.persona.embed.domain;

import dev.persona.common.events.SourceKind;
import java.util.List;

/** A transcript read from the {@code transcripts} collection (written by transcribe-service or ingest-service). */
public record Transcript(String id, String ownerId, String personaId, String sourceId, SourceKind sourceKind,
        String sourceName, String language, List<Segment> segments) {
}
