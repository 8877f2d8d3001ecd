package dev.persona.bench.grounding.corpus;

import java.util.List;

/**
 * A recording as the bench synthesises it: its sentences, spoken one at a time by {@code voice} at {@code rate},
 * joined by {@code gapSec} of silence, with silence before and after, and uploaded as {@code format}.
 *
 * @param voice "flite:rms", "freetts:kevin16", "espeak-ng:en-us+m3", ...
 * @param rate speaking rate relative to the engine's default (1.0); 0.9 is slower
 * @param format upload format: wav, mp3, ogg or flac
 */
public record RecordingScript(String name, String voice, double rate, double gapSec, double leadSec, double tailSec,
        String format, List<String> sentences) {

    public RecordingScript {
        sentences = List.copyOf(sentences);
    }

    public String uploadFileName() {
        return name + "." + format;
    }

    public String text() {
        return String.join(" ", sentences);
    }
}
