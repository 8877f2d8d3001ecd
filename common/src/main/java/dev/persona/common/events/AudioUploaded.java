package dev.persona.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A recording was stored and decoded; transcribe-service turns it into a transcript.
 *
 * @param mediaRef    id of the normalised 16 kHz mono PCM (wav) in the media store
 * @param originalRef id of the bytes exactly as uploaded
 */
public record AudioUploaded(
        int schemaVersion,
        String eventId,
        String ownerId,
        String personaId,
        String jobId,
        String recordingId,
        String fileName,
        String format,
        String mediaRef,
        String originalRef,
        double durationSec,
        String language,
        Instant occurredAt) implements PipelineEvent {

    public static final int SCHEMA_VERSION = 1;

    public static AudioUploaded of(String ownerId, String personaId, String jobId, String recordingId, String fileName,
            String format, String mediaRef, String originalRef, double durationSec, String language) {
        return new AudioUploaded(SCHEMA_VERSION, UUID.randomUUID().toString(), ownerId, personaId, jobId, recordingId,
                fileName, format, mediaRef, originalRef, durationSec, language, Instant.now());
    }
}
