package dev.persona.bench.grounding.metrics;

/** How well one synthesised recording was transcribed: the script against the served transcript. */
public record TranscriptResult(String persona, String split, String recording, String voice, double rate,
        String format, int referenceWords, int errors, String hypothesis) {

    public double wer() {
        return referenceWords == 0 ? 0 : errors / (double) referenceWords;
    }
}
