package dev.persona.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A stage reports how far a job has come. ingest-service, which owns jobs, folds these into the job record
 * and pushes them to server-sent-event listeners.
 */
public record JobProgress(
        int schemaVersion,
        String eventId,
        String ownerId,
        String personaId,
        String jobId,
        String sourceId,
        JobStage stage,
        double progress,
        String error,
        Instant occurredAt) implements PipelineEvent {

    public static final int SCHEMA_VERSION = 1;

    public static JobProgress of(String ownerId, String personaId, String jobId, String sourceId, JobStage stage,
            double progress) {
        return new JobProgress(SCHEMA_VERSION, UUID.randomUUID().toString(), ownerId, personaId, jobId, sourceId, stage,
                progress, null, Instant.now());
    }

    public static JobProgress failed(String ownerId, String personaId, String jobId, String sourceId, String error) {
        return new JobProgress(SCHEMA_VERSION, UUID.randomUUID().toString(), ownerId, personaId, jobId, sourceId,
                JobStage.failed, 1.0, error, Instant.now());
    }
}
