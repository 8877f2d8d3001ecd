package dev.persona.bench.grounding.audio;

/** Where a sentence is spoken in a synthesised recording, in seconds from its start. */
public record SentenceSpan(int index, double startSec, double endSec) {

    public boolean overlaps(double start, double end) {
        return start < endSec && end > startSec;
    }
}
