package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.chat.domain.Chunk;
import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.common.events.SourceKind;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The learned answerability check: its features from what retrieval found, and the decision its model makes. */
class AnswerabilityTest {
    private static final double EPS = 1e-6;

    /** A recording of three sentences; the first two passed the gate, the second the better. */
    private static final Retrieved.Passage BEES = passage("bees", new float[] {0.40f, 0.60f, 0.30f},
            List.of(new Retrieved.Evidence(1, 0.60f, 0.5f, 0.65), new Retrieved.Evidence(0, 0.40f, 0.0f, 0.40)),
            "I keep two hives.", "The hives made eighteen kilos of honey.", "I sold it at the fair.");
    private static final Retrieved.Passage CHOIR = passage("choir", new float[] {0.50f, 0.20f},
            List.of(new Retrieved.Evidence(0, 0.50f, 0.0f, 0.50)), "I sing alto.", "We rehearse in a mill.");
    private static final Retrieved RETRIEVED = new Retrieved(List.of(BEES, CHOIR), new float[0], 0, 0, 2);
    private static final List<UsedSentence> CHOSEN = List.of(new UsedSentence(BEES, 1, 0.60f, 0.65));

    @Test
    void featuresDescribeHowTheBestSentenceStandsOutFromWhatWasRetrieved() {
        double[] f = Answerability.features("How much honey did your hives make?", RETRIEVED, CHOSEN);
        assertEquals(Answerability.FEATURES.size(), f.length);
        assertEquals(0.60, f[0], EPS, "best chosen cosine");
        assertEquals(0.60 - 0.50, f[1], EPS, "margin to the next best retrieved sentence");
        assertEquals(0.60 - (0.40 + 0.60 + 0.30 + 0.50 + 0.20) / 5, f[2], EPS, "spread over every retrieved sentence");
        assertEquals(0.5, f[3], EPS, "keyword coverage of the best gated sentence");
        assertEquals(Math.log1p(3), f[4], EPS, "three sentences passed the gate");
        assertEquals(2, f[5], EPS, "two sources");
        assertEquals(1, f[6], EPS, "'how much honey' asks for a count");
        assertEquals(Math.log(7), f[7], EPS, "seven words");
        assertEquals(1, f[8], EPS, "asked of the person");
        assertEquals(0, Answerability.features("How do hives make honey?", RETRIEVED, CHOSEN)[8], EPS,
                "a general question, not about the person");
        assertEquals(0, Answerability.features("Tell me about your hives", RETRIEVED, CHOSEN)[6], EPS,
                "an open question asks for no kind of fact");
    }

    @Test
    void aSentenceRepeatedByOverlappingChunksIsNotItsOwnRunnerUp() {
        Retrieved.Passage overlap = passage("bees", new float[] {0.60f}, List.of(), "The hives made eighteen kilos of honey.");
        Retrieved twice = new Retrieved(List.of(BEES, overlap), new float[0], 0, 0, 2);
        assertEquals(0.60 - 0.40, Answerability.features("How much honey?", twice, CHOSEN)[1], EPS);
    }

    @Test
    void evidenceIsKeptOnlyWhenTheModelJudgesThatItAnswers() {
        // Only the best cosine counts: p = sigmoid(20 * (best - 0.55)), kept from 0.5.
        List<Double> weights = new java.util.ArrayList<>(Collections.nCopies(Answerability.FEATURES.size(), 0.0));
        weights.set(0, 20.0);
        Answerability.Model strict = new Answerability.Model(-20 * 0.65, weights, 0.5);
        Answerability.Model lenient = new Answerability.Model(-20 * 0.55, weights, 0.5);
        String question = "How much honey did your hives make?";
        assertEquals(List.of(), Answerability.keepIfAnswered(strict, question, RETRIEVED, CHOSEN));
        assertSame(CHOSEN, Answerability.keepIfAnswered(lenient, question, RETRIEVED, CHOSEN));
        assertTrue(lenient.probability(Answerability.features(question, RETRIEVED, CHOSEN)) > 0.5);
    }

    @Test
    void withoutAModelOrEvidenceNothingChanges() {
        assertSame(CHOSEN, Answerability.keepIfAnswered(null, "Anything?", RETRIEVED, CHOSEN));
        Answerability.Model keepsAll = new Answerability.Model(50, Collections.nCopies(Answerability.FEATURES.size(),
                0.0), 0.5);
        assertEquals(List.of(), Answerability.keepIfAnswered(keepsAll, "Anything?", RETRIEVED, List.of()));
    }

    @Test
    void aModelMustHaveOneWeightPerFeatureAndAThresholdInRange() {
        assertThrows(IllegalArgumentException.class, () -> new Answerability.Model(0, List.of(1.0, 2.0), 0.5));
        List<Double> zeros = Collections.nCopies(Answerability.FEATURES.size(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new Answerability.Model(0, zeros, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new Answerability.Model(0, zeros, Double.NaN));
        assertArrayEquals(new double[] {0.5}, new double[] {new Answerability.Model(0, zeros, 0.5)
                .probability(new double[zeros.size()])}, EPS);
    }

    private static Retrieved.Passage passage(String source, float[] similarities, List<Retrieved.Evidence> evidence,
            String... sentences) {
        List<Chunk.Sentence> told = java.util.stream.IntStream.range(0, sentences.length)
                .mapToObj(i -> new Chunk.Sentence(sentences[i], 3.0 * i, 3.0 * i + 2.5, null)).toList();
        Chunk chunk = new Chunk(source + "-0", source, SourceKind.recording, source + ".wav", 0,
                String.join(" ", sentences), 0.0, 3.0 * sentences.length, null, told);
        float best = evidence.isEmpty() ? 0 : evidence.get(0).similarity();
        return new Retrieved.Passage(chunk, best, 0, evidence, similarities);
    }
}
