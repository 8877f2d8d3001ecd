package dev.persona.ingest.domain;

/** Names of the collections ingest-service reads or erases but does not map to entities. */
public final class Collections {
    public static final String TRANSCRIPTS = "transcripts";
    public static final String CHUNKS = "chunks";
    public static final String CHAT_SESSIONS = "chat_sessions";
    public static final String CHAT_MESSAGES = "chat_messages";
    public static final String MEDIA_BUCKET = "media";

    private Collections() {
    }
}
