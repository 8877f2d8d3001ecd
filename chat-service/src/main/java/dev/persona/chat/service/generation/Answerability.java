package dev.persona.chat.service.generation;

import dev.persona.chat.service.retrieval.Retrieved;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether the evidence chosen for a question answers it, judged by a logistic regression over signals the gate
 * already computes, after the relevance gate and {@link ExpectedAnswer} have let it through. Those hand-set checks
 * pass a near miss (the person talks about the topic, never about the asked fact) as readily as an answer; how the
 * best sentence stands out from the rest of what was retrieved, how much of the question it covers and how many
 * sentences the question pulls in tell them apart better together than any one threshold. The coefficients are
 * learned from the grounding benchmark's dev personas and shipped as configuration
 * ({@code persona.chat.answer.answerability.*}); the calibration that prints them is chat-service's
 * {@code AnswerabilityCalibration} (src/test, bench package).
 */
public final class Answerability {

    /** The features, in the order of {@link Model#weights()}. */
    public static final List<String> FEATURES = List.of(
            "best_similarity", // cosine of the best chosen sentence to the question
            "margin", // best sentence cosine minus the next best retrieved sentence's
            "spread", // best sentence cosine minus the mean cosine of every retrieved sentence
            "keyword_coverage", // share of the question's keyword weight the best gated sentence holds
            "gated_sentences", // log(1 + sentences that passed the relevance gate)
            "sources", // distinct sources among the retrieved passages
            "asks_fact", // 1 when the question names the kind of fact it wants (ExpectedAnswer)
            "question_words", // log(words in the question)
            "addresses_persona"); // 1 when the question says "you" or "your": it asks about the person

    /**
     * A learned model: {@code p = 1 / (1 + exp(-(intercept + weights . features)))}; evidence is kept when {@code p}
     * reaches {@code threshold}.
     */
    public record Model(double intercept, List<Double> weights, double threshold) {
        public Model {
            weights = List.copyOf(weights);
            if (weights.size() != FEATURES.size()) {
                throw new IllegalArgumentException("answerability needs " + FEATURES.size() + " weights ("
                        + String.join(", ", FEATURES) + "), got " + weights.size());
            }
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("answerability threshold must lie in [0, 1]: " + threshold);
            }
        }

        public double probability(double[] features) {
            double z = intercept;
            for (int i = 0; i < features.length; i++) {
                z += weights.get(i) * features[i];
            }
            return 1 / (1 + Math.exp(-z));
        }
    }

    private Answerability() {
    }

    /** The chosen evidence when the model judges that it answers the question, else none (a refusal). */
    public static List<UsedSentence> keepIfAnswered(Model model, String question, Retrieved retrieved,
            List<UsedSentence> chosen) {
        if (model == null || chosen.isEmpty()) {
            return chosen;
        }
        return model.probability(features(question, retrieved, chosen)) >= model.threshold() ? chosen : List.of();
    }

    /** The features of one question's chosen evidence, in the order of {@link #FEATURES}. */
    public static double[] features(String question, Retrieved retrieved, List<UsedSentence> chosen) {
        double best = chosen.stream().mapToDouble(UsedSentence::similarity).max().orElse(0);
        List<Float> all = new ArrayList<>();
        Set<String> sources = new HashSet<>();
        double coverage = 0;
        double bestEvidence = Double.NEGATIVE_INFINITY;
        int gated = 0;
        for (Retrieved.Passage passage : retrieved.passages()) {
            sources.add(passage.chunk().sourceId());
            for (float s : passage.sentenceSimilarities()) {
                all.add(s);
            }
            for (Retrieved.Evidence e : passage.evidence()) {
                gated++;
                if (e.score() > bestEvidence) {
                    bestEvidence = e.score();
                    coverage = e.keywordCoverage();
                }
            }
        }
        double[] sims = all.stream().mapToDouble(Float::doubleValue).sorted().toArray();
        double next = nextBelow(sims, best);
        double mean = Arrays.stream(sims).average().orElse(best);
        return new double[] {best, best - next, best - mean, coverage, Math.log1p(gated), sources.size(),
                ExpectedAnswer.of(question).isSpecific() ? 1 : 0, Math.log(Math.max(1, words(question))),
                EvidenceSelector.addressesPerson(question) ? 1 : 0};
    }

    /** The highest similarity below the best one (a sentence repeated by overlapping chunks counts once). */
    private static double nextBelow(double[] ascending, double best) {
        for (int i = ascending.length - 1; i >= 0; i--) {
            if (ascending[i] < best - 1e-6) {
                return ascending[i];
            }
        }
        return best;
    }

    private static int words(String question) {
        String trimmed = question.strip().toLowerCase(Locale.ROOT);
        return trimmed.isEmpty() ? 0 : trimmed.split("[^\\p{L}\\p{N}']+").length;
    }
}
