package dev.persona.common.events;

/**
 * Kafka topic names shared by producers and consumers. Every event is keyed by persona id so that one
 * persona's events stay ordered within a partition while different personas spread over partitions.
 */
public final class Topics {
    public static final String AUDIO_UPLOADED = "audio-uploaded";
    public static final String TRANSCRIPT_READY = "transcript-ready";
    public static final String CHUNKS_EMBEDDED = "chunks-embedded";
    public static final String JOB_PROGRESS = "job-progress";
    /** {@link PersonaDeleted}: a persona's data was erased; other services erase their part. */
    public static final String PERSONA_DELETED = "persona-deleted";
    public static final String DEAD_LETTER_SUFFIX = "-dlq";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
