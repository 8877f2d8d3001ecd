package dev.persona.common.memory;

/** Names of the collections whose documents cross service boundaries (shapes in {@link TranscriptCodec}, {@link ChunkCodec}). */
public final class MemoryCollections {
    public static final String DATABASE_DEFAULT = "persona";
    /** Written by transcribe-service (recordings) and ingest-service (documents); read by embed and ingest. */
    public static final String TRANSCRIPTS = "transcripts";
    /** Written by embed-service; read by chat-service; erased by ingest-service with the persona. */
    public static final String CHUNKS = "chunks";

    private MemoryCollections() {
    }
}
