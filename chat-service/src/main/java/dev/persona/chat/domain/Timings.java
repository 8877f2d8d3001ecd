package dev.persona.chat.domain;

/** Where the time of one answer went, in milliseconds. */
public record Timings(long embedMs, long searchMs, long firstTokenMs, long generateMs, long totalMs, int indexedChunks,
        String generator) {
}
