package dev.persona.common.memory;

/**
 * One recognised word with its place in the whole recording, in seconds. {@code text} is what the recogniser wrote
 * (Whisper may attach punctuation and casing; pocketsphinx writes bare lower-case words).
 */
public record SpokenWord(String text, double startSec, double endSec) {

    public SpokenWord {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a spoken word needs text");
        }
        if (!(startSec >= 0) || !(endSec >= startSec)) {
            throw new IllegalArgumentException("bad word times [" + startSec + ", " + endSec + "] for '" + text + "'");
        }
    }
}
