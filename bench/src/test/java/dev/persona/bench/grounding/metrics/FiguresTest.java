package dev.persona.bench.grounding.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.bench.grounding.audio.SentenceSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {

    private static CitedSource rec(String source, double start, double end) {
        return new CitedSource(source, "recording", start, end, null, 0.5, "text");
    }

    private static CitedSource doc(String source) {
        return new CitedSource(source, "document", null, null, 1, 0.5, "text");
    }

    private static QuestionResult answerable(String source, String kind, List<SentenceSpan> truth, String answer,
            int sharedWords, CitedSource... citations) {
        return QuestionResult.of("p", "dev", "q?", "answerable", source, kind, List.of(0), truth, sharedWords, answer,
                citations.length == 0, List.of(citations), 10, null);
    }

    private static QuestionResult unanswerable(String kind, CitedSource... citations) {
        return QuestionResult.of("p", "dev", "q?", kind, null, null, List.of(), List.of(), 0,
                citations.length == 0 ? "I have not talked about that." : "Something. Else.", citations.length == 0,
                List.of(citations), 10, null);
    }

    /**
     * Five answerable questions: expected source at rank 1, 2, 4, absent, and a refusal. Three unanswerable: a near
     * miss answered, a near miss refused, an out-of-corpus question refused.
     */
    private static final List<QuestionResult> RESULTS = List.of(
            answerable("a", "recording", List.of(new SentenceSpan(0, 10, 14)), "One. Two.", 0,
                    rec("a", 12, 20), rec("b", 0, 4)),
            answerable("a", "recording", List.of(new SentenceSpan(2, 30, 34)), "One.", 1,
                    rec("b", 0, 6), rec("a", 31, 33)),
            answerable("d", "document", List.of(), "One. Two. Three.", 0,
                    rec("a", 0, 2), rec("b", 0, 8), doc("e"), doc("d")),
            answerable("a", "recording", List.of(new SentenceSpan(1, 5, 9)), "One", 2, rec("b", 5, 9)),
            answerable("a", "recording", List.of(new SentenceSpan(1, 5, 9)), "I don't remember.", 0),
            unanswerable("near-miss", rec("a", 0, 10)),
            unanswerable("near-miss"),
            unanswerable("out-of-corpus"));

    @Test
    void ranksTheFirstCitationOfTheExpectedSource() {
        assertEquals(List.of(1, 2, 4, 0, 0, 0, 0, 0), RESULTS.stream().map(QuestionResult::rank).toList());
    }

    @Test
    void citationFiguresCountRefusalsAsMisses() {
        Figures f = Figures.of(RESULTS, List.of());
        assertEquals(5, f.answerable());
        assertEquals(0.2, f.cited1(), 1e-9);
        assertEquals(0.4, f.cited3(), 1e-9);
        assertEquals((1 + 0.5 + 0.25) / 5, f.mrr(), 1e-9);
        assertEquals(0.2, f.falseRefusal(), 1e-9);
    }

    @Test
    void falseAnswersAreSplitIntoNearMissesAndOutOfCorpus() {
        Figures f = Figures.of(RESULTS, List.of());
        assertEquals(2, f.nearMisses());
        assertEquals(1, f.outOfCorpus());
        assertEquals(1 / 3.0, f.falseAnswer(), 1e-9);
        assertEquals(0.5, f.falseAnswerNearMiss(), 1e-9);
        assertEquals(0.0, f.falseAnswerOutOfCorpus(), 1e-9);
    }

    @Test
    void timeHitNeedsTheRightRecordingFirstAndOverlappingSeconds() {
        Figures f = Figures.of(RESULTS, List.of());
        // Only the first question: right recording first, 12-20 overlaps 10-14. The second cites it second.
        assertEquals(4, f.recordingQuestions());
        assertEquals(0.25, f.timeHit1(), 1e-9);
        assertTrue(RESULTS.get(0).firstCitationHitsTime());
        QuestionResult rightRecordingWrongSeconds = answerable("a", "recording",
                List.of(new SentenceSpan(0, 10, 14)), "x", 0, rec("a", 14, 18));
        assertEquals(false, rightRecordingWrongSeconds.firstCitationHitsTime());
    }

    @Test
    void timeHitAtThreeTakesAnyCitationAtTheRightSeconds() {
        Figures f = Figures.of(RESULTS, List.of());
        // The first question cites it first; the second cites 31-33 second, inside 30-34; the fourth cites another
        // recording at the right seconds; the fifth is refused.
        assertEquals(0.5, f.timeHit3(), 1e-9);
        assertTrue(RESULTS.get(1).someCitationHitsTime());
        assertFalse(RESULTS.get(3).someCitationHitsTime(), "the right seconds of another recording");
    }

    @Test
    void mediansOfAnswerLengthAndRecordingCitationSpans() {
        Figures f = Figures.of(RESULTS, List.of());
        // Answers given (not refused): 2, 1, 3, 1 sentences and the answered near miss with 2 -> median 2.
        assertEquals(2.0, f.medianAnswerSentences(), 1e-9);
        // Words: "One. Two." 2, "One." 1, "One. Two. Three." 3, "One" 1, "Something. Else." 2 -> median 2.
        assertEquals(2.0, f.medianAnswerWords(), 1e-9);
        // Recording spans: 8, 4, 6, 2, 2, 8, 4, 10 -> sorted 2 2 4 4 6 8 8 10 -> median 5.
        assertEquals(5.0, f.medianRecordingCitationSec(), 1e-9);
    }

    @Test
    void paraphrasedQuestionsAreCountedApart() {
        Figures f = Figures.of(RESULTS, List.of());
        // No shared word: questions 1 (rank 1), 3 (rank 4) and 5 (refused) -> one of three within 3.
        assertEquals(3, f.noSharedWordQuestions());
        assertEquals(1 / 3.0, f.cited3NoSharedWord(), 1e-9);
    }

    @Test
    void werIsPooledOverWordsNotAveragedOverRecordings() {
        List<TranscriptResult> transcripts = List.of(
                new TranscriptResult("p", "dev", "r1", "flite:slt", 1, "wav", 10, 1, ""),
                new TranscriptResult("p", "dev", "r2", "flite:rms", 1, "wav", 30, 9, ""));
        assertEquals(0.25, Figures.of(List.of(), transcripts).wer(), 1e-9);
    }

    @Test
    void nothingToCountIsNaNNotZero() {
        Figures f = Figures.of(List.of(), List.of());
        assertTrue(Double.isNaN(f.cited1()));
        assertTrue(Double.isNaN(f.medianAnswerSentences()));
        assertEquals("-", FiguresTable.percent(f.cited3()));
    }
}
