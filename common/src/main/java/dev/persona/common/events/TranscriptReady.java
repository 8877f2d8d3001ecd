package dev.persona.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A transcript (of a recording) or the extracted text (of a document) is stored in the {@code transcripts}
 * collection under {@code transcriptId}; embed-service chunks and embeds it.
 */
public record TranscriptReady(
        int schemaVersion,
        String eventId,
        String ownerId,
        String personaId,
        String jobId,
        String sourceId,
        SourceKind sourceKind,
        String sourceName,
        String transcriptId,
        String language,
        Instant occurredAt) implements PipelineEvent {

    public static final int SCHEMA_VERSION = 1;

    public static TranscriptReady of(String ownerId, String personaId, String jobId, String sourceId, SourceKind kind,
            String sourceName, String transcriptId, String language) {
        return new TranscriptReady(SCHEMA_VERSION, UUID.randomUUID().toString(), ownerId, personaId, jobId, sourceId,
                kind, sourceName, transcriptId, language, Instant.now());
    }
}
