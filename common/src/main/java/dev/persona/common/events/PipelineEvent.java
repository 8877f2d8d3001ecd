package dev.persona.common.events;

/**
 * What every pipeline event carries. Events hold ids and references, never media bytes, so they stay
 * small and can be replayed after a model change.
 */
public interface PipelineEvent {
    int schemaVersion();

    /** Unique per emission; consumers stay idempotent through the deterministic ids they derive, not this. */
    String eventId();

    String ownerId();

    /** The Kafka record key. */
    String personaId();

    String jobId();
}
