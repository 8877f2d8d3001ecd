package dev.persona.common.media;

/**
 * Where ingest-service keeps a recording's audio in GridFS, for the services that read it from the store: the bucket
 * and the id of the normalised 16 kHz mono 16-bit wav. Files carry {@code metadata.ownerId} and
 * {@code metadata.personaId}; readers filter on both.
 */
public final class MediaRefs {
    public static final String BUCKET = "media";

    private MediaRefs() {
    }

    /** The id of a recording's normalised wav (16 kHz mono s16, a plain RIFF/WAVE file). */
    public static String normalisedRecording(String recordingId) {
        return "recording-" + recordingId + "-16k.wav";
    }
}
