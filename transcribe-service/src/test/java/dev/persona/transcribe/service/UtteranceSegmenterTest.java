package dev.persona.transcribe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtteranceSegmenterTest {
    private final UtteranceSegmenter segmenter = new UtteranceSegmenter(new UtteranceSegmenter.Settings(0.45, 4, 0.12, 3, 12, 40));

    /** Words of {@code text} from {@code start}, 0.3 s each with 0.05 s between them. */
    private static List<SpokenWord> said(double start, String text) {
        List<SpokenWord> words = new ArrayList<>();
        double t = start;
        for (String w : text.split(" ")) {
            words.add(new SpokenWord(w, t, t + 0.3));
            t += 0.35;
        }
        return words;
    }

    private static List<SpokenWord> join(List<SpokenWord> a, List<SpokenWord> b) {
        List<SpokenWord> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aPauseBetweenSentencesStartsANewUtteranceWithItsOwnSeconds() {
        List<SpokenWord> first = said(0.5, "these days i run a team that builds weather software");
        List<SpokenWord> second = said(first.get(first.size() - 1).endSec() + 0.7, "on weekends i play the violin");
        List<TranscriptSegment> segments = segmenter.segment(join(first, second),
                List.of(new SpeechRegion(0.3, 20)), "en");
        assertEquals(2, segments.size(), segments::toString);
        assertEquals("These days I run a team that builds weather software.", segments.get(0).text());
        assertEquals("these days i run a team that builds weather software", segments.get(0).rawText());
        assertEquals("On weekends I play the violin.", segments.get(1).text());
        assertEquals(first.get(0).startSec(), segments.get(0).startSec());
        assertEquals(first.get(first.size() - 1).endSec(), segments.get(0).endSec());
        assertEquals(second.get(0).startSec(), segments.get(1).startSec());
        assertEquals(second, segments.get(1).words());
    }

    @Test
    void aBreathBetweenTwoFluentSentencesCutsAnUtteranceLongerThanTheTarget() {
        List<SpokenWord> first = said(0.2, "my grandmother grew tomatoes in her garden every summer");
        List<SpokenWord> second = said(first.get(first.size() - 1).endSec() + 0.16,
                "we carried water from the river");
        List<TranscriptSegment> segments = segmenter.segment(join(first, second), List.of(new SpeechRegion(0, 10)),
                "en");
        assertEquals(List.of("My grandmother grew tomatoes in her garden every summer.",
                "We carried water from the river."), segments.stream().map(TranscriptSegment::text).toList());
    }

    @Test
    void aFragmentBetweenPausesJoinsTheNearerUtteranceUnlessALongSilenceSeparatesIt() {
        List<SpokenWord> first = said(0.3, "my father sold radios near the market");
        List<SpokenWord> fragment = said(first.get(first.size() - 1).endSec() + 0.5, "ah the");
        List<SpokenWord> second = said(fragment.get(fragment.size() - 1).endSec() + 0.9, "we moved to leeds in winter");
        List<TranscriptSegment> segments = segmenter.segment(join(join(first, fragment), second),
                List.of(new SpeechRegion(0, 30)), "en");
        assertEquals(2, segments.size(), segments::toString);
        assertTrue(segments.get(0).rawText().endsWith("market ah the"), segments.get(0)::rawText);
        assertEquals(second.get(0).startSec(), segments.get(1).startSec(), 1e-9);

        List<SpokenWord> alone = said(first.get(first.size() - 1).endSec() + 3, "thank you");
        List<TranscriptSegment> apart = segmenter.segment(join(first, alone), List.of(new SpeechRegion(0, 30)), "en");
        assertEquals(2, apart.size(), "a short reply after a long silence stays its own utterance");
    }

    @Test
    void shortPausesInsideASentenceDoNotCutIt() {
        List<TranscriptSegment> segments = segmenter.segment(said(0, "i learned to sail with my grandfather"),
                List.of(new SpeechRegion(0, 10)), "en");
        assertEquals(1, segments.size());
    }

    @Test
    void aRegionBorderEndsAnUtteranceEvenWithoutALongPause() {
        List<SpokenWord> words = join(said(0, "first part here"), said(1.1, "second part there"));
        List<TranscriptSegment> segments = segmenter.segment(words,
                List.of(new SpeechRegion(0, 1.05), new SpeechRegion(1.05, 3)), "en");
        assertEquals(2, segments.size(), segments::toString);
    }

    @Test
    void punctuationFromTheEngineEndsAnUtteranceAndIsKept() {
        List<SpokenWord> words = List.of(new SpokenWord("I'm", 0, 0.2), new SpokenWord("home.", 0.25, 0.5),
                new SpokenWord("Are", 0.55, 0.7), new SpokenWord("you?", 0.75, 1.0));
        List<TranscriptSegment> segments = segmenter.segment(words, List.of(new SpeechRegion(0, 2)), "en");
        assertEquals(List.of("I'm home.", "Are you?"), segments.stream().map(TranscriptSegment::text).toList());
    }

    @Test
    void aLongRunWithoutPausesIsSplitAtItsLongestPauseIntoBoundedUtterances() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            text.append(i == 0 ? "" : " ").append("word").append(i);
        }
        List<SpokenWord> words = new ArrayList<>(said(0, text.toString()));
        // One slightly longer pause (0.3 s, under the pause threshold) after word 30.
        for (int i = 31; i < words.size(); i++) {
            SpokenWord w = words.get(i);
            words.set(i, new SpokenWord(w.text(), w.startSec() + 0.25, w.endSec() + 0.25));
        }
        List<TranscriptSegment> segments = segmenter.segment(words, List.of(new SpeechRegion(0, 60)), "en");
        assertTrue(segments.size() >= 3, segments::toString);
        assertEquals("word31", segments.get(1).words().get(0).text(), "cut at the longest pause");
        double previousEnd = -1;
        int total = 0;
        for (TranscriptSegment s : segments) {
            assertTrue(s.endSec() - s.startSec() <= 12 && s.words().size() <= 40, s::toString);
            assertTrue(s.startSec() > previousEnd, "increasing seconds");
            previousEnd = s.endSec();
            total += s.words().size();
        }
        assertEquals(90, total, "no word lost or repeated");
    }

    @Test
    void pronounIIsRestoredOnlyAsAWord() {
        assertEquals("I think I'm fine and it is ice.", SpokenText.restore("i think i'm fine and it is ice", "en"));
        assertEquals("Ich bin i.", SpokenText.restore("ich bin i", "de"));
    }
}
