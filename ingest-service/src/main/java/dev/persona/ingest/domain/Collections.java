package dev.persona.ingest.domain;

/**
 * Names of the collections ingest-service erases or writes without mapping them to entities. The shared
 * {@code transcripts} and {@code chunks} are named in {@link dev.persona.common.memory.MemoryCollections}.
 */
public final class Collections {
    public static final String CHAT_SESSIONS = "chat_sessions";
    public static final String CHAT_MESSAGES = "chat_messages";
    public static final String MEDIA_BUCKET = "media";

    private Collections() {
    }
}
