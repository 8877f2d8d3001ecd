package dev.persona.bench.grounding.metrics;

/**
 * A citation mapped back to the corpus.
 *
 * @param source the corpus name of the cited recording or document; null for an id the bench did not upload
 */
public record CitedSource(String source, String kind, Double startSec, Double endSec, Integer page, double score,
        String text) {

    public boolean isRecording() {
        return "recording".equals(kind);
    }

    /** Seconds the citation spans; null when it is not a timed recording citation. */
    public Double spanSec() {
        return isRecording() && startSec != null && endSec != null ? endSec - startSec : null;
    }
}
