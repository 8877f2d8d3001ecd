package dev.persona.bench.grounding.metrics;

import java.util.List;
import java.util.regex.Pattern;

/** Small helpers the figures share. */
public final class Stats {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private Stats() {
    }

    /** The median, or NaN for no values. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The share of {@code hits} in {@code total}, or NaN when there is nothing to count. */
    public static double share(long hits, long total) {
        return total == 0 ? Double.NaN : hits / (double) total;
    }

    public static int words(String text) {
        return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    /** Sentences in an answer: pieces ending in . ! or ?, and a last piece without an end mark. */
    public static int sentences(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        int count = 0;
        for (String piece : SENTENCE_END.split(text.strip())) {
            if (piece.chars().anyMatch(Character::isLetterOrDigit)) {
                count++;
            }
        }
        return count;
    }
}
