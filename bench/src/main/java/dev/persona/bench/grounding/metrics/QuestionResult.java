package dev.persona.bench.grounding.metrics;

import dev.persona.bench.grounding.audio.SentenceSpan;
import java.util.List;

/**
 * One question, what was expected and what the persona answered: the raw material of every figure.
 *
 * @param kind "answerable", "near-miss" or "out-of-corpus"
 * @param expectedKind "recording" or "document" for answerable questions, else null
 * @param expectedSeconds true seconds of the expected sentences (recordings only)
 * @param sharedWords content words the question shares with its expected sentences
 * @param rank 1-based position of the first citation of the expected source, 0 when it is not cited
 * @param error why the question got no reply (it then counts as refused), or null
 */
public record QuestionResult(String persona, String split, String question, String kind, String expectedSource,
        String expectedKind, List<Integer> expectedSentences, List<SentenceSpan> expectedSeconds, int sharedWords,
        String answer, boolean refused, List<CitedSource> citations, int rank, long millis, String error) {

    public QuestionResult {
        expectedSentences = expectedSentences == null ? List.of() : List.copyOf(expectedSentences);
        expectedSeconds = expectedSeconds == null ? List.of() : List.copyOf(expectedSeconds);
        citations = citations == null ? List.of() : List.copyOf(citations);
    }

    /** Builds a result, ranking the expected source among the citations. */
    public static QuestionResult of(String persona, String split, String question, String kind, String expectedSource,
            String expectedKind, List<Integer> expectedSentences, List<SentenceSpan> expectedSeconds, int sharedWords,
            String answer, boolean refused, List<CitedSource> citations, long millis, String error) {
        return new QuestionResult(persona, split, question, kind, expectedSource, expectedKind, expectedSentences,
                expectedSeconds, sharedWords, answer, refused, citations, rankOf(expectedSource, citations), millis,
                error);
    }

    static int rankOf(String expectedSource, List<CitedSource> citations) {
        if (expectedSource == null || citations == null) {
            return 0;
        }
        for (int i = 0; i < citations.size(); i++) {
            if (expectedSource.equals(citations.get(i).source())) {
                return i + 1;
            }
        }
        return 0;
    }

    public boolean answerable() {
        return "answerable".equals(kind);
    }

    /** The first citation is the expected recording and its seconds overlap those of an expected sentence. */
    public boolean firstCitationHitsTime() {
        return !refused && !citations.isEmpty() && hitsTime(citations.get(0));
    }

    /** Some citation is the expected recording at seconds that overlap those of an expected sentence. */
    public boolean someCitationHitsTime() {
        return !refused && citations.stream().anyMatch(this::hitsTime);
    }

    private boolean hitsTime(CitedSource cited) {
        if (!"recording".equals(expectedKind) || !expectedSource.equals(cited.source()) || cited.startSec() == null
                || cited.endSec() == null) {
            return false;
        }
        return expectedSeconds.stream().anyMatch(s -> s.overlaps(cited.startSec(), cited.endSec()));
    }
}
