package dev.persona.embed.service;

/** No transcript with the event's id belongs to its owner and persona; retried (the writer may lag), then dead-lettered. */
public class TranscriptNotFoundException extends RuntimeException {
    public TranscriptNotFoundException(String transcriptId) {
        super("Transcript " + transcriptId + " was not found for this owner and persona.");
    }
}
