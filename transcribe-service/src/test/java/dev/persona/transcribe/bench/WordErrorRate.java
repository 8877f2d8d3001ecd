package dev.persona.transcribe.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate: word-level Levenshtein distance (substitutions + deletions + insertions) over reference words. */
public final class WordErrorRate {
    private WordErrorRate() {
    }

    public record Counts(int errors, int referenceWords) {
        public double rate() {
            return referenceWords == 0 ? (errors == 0 ? 0 : 1) : errors / (double) referenceWords;
        }

        public Counts plus(Counts other) {
            return new Counts(errors + other.errors, referenceWords + other.referenceWords);
        }
    }

    /** Lower case, punctuation dropped (apostrophes inside words kept), split on white space. */
    public static List<String> normalise(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}' ]+", " ")
                .replaceAll("(?<![\\p{L}\\p{N}])'|'(?![\\p{L}\\p{N}])", " ")
                .trim();
        return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split("\\s+"));
    }

    public static Counts count(String reference, String hypothesis) {
        List<String> ref = normalise(reference);
        List<String> hyp = normalise(hypothesis);
        int[] previous = new int[hyp.size() + 1];
        int[] current = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return new Counts(previous[hyp.size()], ref.size());
    }
}
