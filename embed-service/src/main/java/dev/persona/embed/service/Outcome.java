package dev.persona.embed.service;

import java.util.List;

/** How one {@code transcript-ready} event ended, when it did not fail. */
public record Outcome(Kind kind, List<String> chunkIds, int embedded, int reused, String reason) {

    public enum Kind {
        /** Chunks stored, {@code chunks-embedded} and {@code ready} emitted. */
        EMBEDDED,
        /** The persona was deleted, is being deleted, or never belonged to this owner: nothing left written. */
        PERSONA_GONE,
        /** Nothing left after cleaning: the job is failed with {@code reason} and the source has no chunks. */
        NO_USABLE_TEXT
    }

    static Outcome embedded(List<String> ids, int embedded, int reused) {
        return new Outcome(Kind.EMBEDDED, List.copyOf(ids), embedded, reused, null);
    }

    static Outcome personaGone() {
        return new Outcome(Kind.PERSONA_GONE, List.of(), 0, 0, "The persona no longer exists.");
    }

    static Outcome noUsableText(String reason) {
        return new Outcome(Kind.NO_USABLE_TEXT, List.of(), 0, 0, reason);
    }
}
