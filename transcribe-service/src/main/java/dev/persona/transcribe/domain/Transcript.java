package dev.persona.transcribe.domain;

import java.util.List;

/**
 * A recording's transcript as stored in {@code transcripts}: {@code _id} is the recording id, so every replay of the
 * same recording writes the same document.
 */
public record Transcript(String recordingId, String ownerId, String personaId, String sourceName, String language,
        String engine, String mediaRef, double durationSec, double speechSec, List<TranscriptSegment> segments) {
}
