package dev.persona.common.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The chunks of one source are stored with their vectors; chat-service refreshes its index for the persona. */
public record ChunksEmbedded(
        int schemaVersion,
        String eventId,
        String ownerId,
        String personaId,
        String jobId,
        String sourceId,
        List<String> chunkIds,
        String embeddingModelId,
        Instant occurredAt) implements PipelineEvent {

    public static final int SCHEMA_VERSION = 1;

    public static ChunksEmbedded of(String ownerId, String personaId, String jobId, String sourceId,
            List<String> chunkIds, String embeddingModelId) {
        return new ChunksEmbedded(SCHEMA_VERSION, UUID.randomUUID().toString(), ownerId, personaId, jobId, sourceId,
                List.copyOf(chunkIds), embeddingModelId, Instant.now());
    }
}
