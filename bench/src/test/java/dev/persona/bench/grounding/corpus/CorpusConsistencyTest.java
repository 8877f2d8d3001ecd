package dev.persona.bench.grounding.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.bench.grounding.audio.Voice;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The corpus is data someone edits by hand: these checks keep it usable and keep its promises. */
class CorpusConsistencyTest {
    private static final Corpus CORPUS = Corpus.load(Path.of(System.getProperty("bench.corpus", "grounding/corpus")));

    private static List<Question> answerable(PersonaCase p) {
        return p.questions().stream().filter(Question::answerable).toList();
    }

    private static List<Question> unanswerable(PersonaCase p) {
        return p.questions().stream().filter(q -> !q.answerable()).toList();
    }

    @Test
    void sixPersonasFourForCalibrationTwoHeldOut() {
        assertEquals(6, CORPUS.personas().size());
        assertEquals(4, CORPUS.select(PersonaCase.DEV, 99).size());
        assertEquals(2, CORPUS.select(PersonaCase.HOLDOUT, 99).size());
        assertEquals(6, CORPUS.personas().stream().map(PersonaCase::id).distinct().count());
    }

    @Test
    void everyPersonaHasFiveRecordingsOfFourToSevenSentencesAndDocuments() {
        int documents = 0;
        for (PersonaCase p : CORPUS.personas()) {
            assertTrue(p.name() != null && !p.name().isBlank() && p.description() != null, p.id());
            assertTrue(p.recordings().size() >= 5, p.id() + " has " + p.recordings().size() + " recordings");
            for (RecordingScript r : p.recordings()) {
                assertTrue(r.sentences().size() >= 4 && r.sentences().size() <= 7, r.name());
            }
            assertTrue(p.documents().size() >= 1 && p.documents().size() <= 2, p.id());
            for (DocumentSource d : p.documents()) {
                assertTrue(d.fileName().matches(".+\\.(txt|md|eml)"), d.fileName());
                assertTrue(d.sentences().size() >= 3, d.fileName());
            }
            documents += p.documents().size();
            Set<String> names = new HashSet<>();
            p.recordings().forEach(r -> assertTrue(names.add(r.name()), "duplicate source " + r.name()));
            p.documents().forEach(d -> assertTrue(names.add(d.fileName()), "duplicate source " + d.fileName()));
        }
        assertTrue(documents >= 8, documents + " documents");
    }

    @Test
    void recordingsUseManyVoicesRatesGapsAndFormats() {
        List<RecordingScript> all = CORPUS.personas().stream().flatMap(p -> p.recordings().stream()).toList();
        assertEquals(30, all.size());
        Set<String> voices = all.stream().map(r -> Voice.parse(r.voice()).toString()).collect(Collectors.toSet());
        assertTrue(voices.size() >= 4, "voices: " + voices);
        Set<String> engines = all.stream().map(r -> Voice.parse(r.voice()).engine()).collect(Collectors.toSet());
        assertEquals(Voice.ENGINES, engines);
        long espeak = all.stream().filter(r -> r.voice().startsWith(Voice.ESPEAK + ":")).count();
        assertTrue(espeak >= 1 && espeak <= 4, "espeak-ng is hard for the recogniser: keep it to a few, has " + espeak);
        assertTrue(all.stream().map(RecordingScript::rate).distinct().count() >= 4, "speaking rates vary");
        for (RecordingScript r : all) {
            assertTrue(r.rate() >= 0.8 && r.rate() <= 1.25, r.name() + " rate " + r.rate());
            assertTrue(r.gapSec() >= 0.25 && r.gapSec() <= 0.9, r.name() + " gap " + r.gapSec());
            assertTrue(r.leadSec() > 0 && r.tailSec() > 0, r.name() + " needs leading and trailing silence");
            assertTrue(Set.of("wav", "mp3", "ogg", "flac").contains(r.format()), r.name() + " format " + r.format());
        }
        assertTrue(all.stream().map(RecordingScript::gapSec).distinct().count() >= 5, "gaps vary");
        assertEquals(Set.of("wav", "mp3", "ogg", "flac"),
                all.stream().map(RecordingScript::format).collect(Collectors.toSet()));
    }

    @Test
    void everyAnswerableQuestionPointsAtRealSentences() {
        for (PersonaCase p : CORPUS.personas()) {
            for (Question q : answerable(p)) {
                List<String> sentences = p.sentencesOf(q.source())
                        .orElseThrow(() -> new AssertionError(p.id() + ": no source " + q.source() + " for " + q.ask()));
                assertFalse(q.sentences().isEmpty(), q.ask());
                for (int i : q.sentences()) {
                    assertTrue(i >= 0 && i < sentences.size(), q.ask() + ": sentence " + i + " of " + q.source());
                }
                assertTrue(q.why() == null, "only unanswerable questions carry 'why': " + q.ask());
            }
        }
    }

    @Test
    void questionCountsMeetTheMinimums() {
        int answerable = 0;
        int unanswerable = 0;
        int nearMisses = 0;
        for (PersonaCase p : CORPUS.personas()) {
            assertTrue(answerable(p).size() >= 22, p.id() + ": " + answerable(p).size() + " answerable");
            assertTrue(unanswerable(p).size() >= 7, p.id() + ": " + unanswerable(p).size() + " unanswerable");
            answerable += answerable(p).size();
            unanswerable += unanswerable(p).size();
            for (Question q : unanswerable(p)) {
                assertTrue(Set.of(Question.NEAR_MISS, Question.OUT_OF_CORPUS).contains(q.unanswerable()), q.ask());
                assertTrue(q.source() == null && q.sentences().isEmpty(), q.ask());
                if (Question.NEAR_MISS.equals(q.unanswerable())) {
                    nearMisses++;
                    assertTrue(q.why() != null && !q.why().isBlank(), "say why it is a near miss: " + q.ask());
                }
            }
            Set<String> asked = new HashSet<>();
            p.questions().forEach(q -> assertTrue(asked.add(q.ask()), "asked twice: " + q.ask()));
        }
        assertTrue(answerable >= 130, answerable + " answerable");
        assertTrue(unanswerable >= 40, unanswerable + " unanswerable");
        assertTrue(nearMisses * 2 >= unanswerable, nearMisses + " near misses of " + unanswerable);
    }

    @Test
    void questionsReachBeyondFirstSentencesAndIntoDocuments() {
        for (PersonaCase p : CORPUS.personas()) {
            for (RecordingScript r : p.recordings()) {
                int last = r.sentences().size() - 1;
                assertTrue(answerable(p).stream().anyMatch(q -> q.source().equals(r.name()) && q.sentences().contains(last)),
                        r.name() + ": ask about its last sentence too");
            }
            long aboutDocuments = answerable(p).stream().filter(q -> p.document(q.source()).isPresent()).count();
            assertTrue(aboutDocuments >= 3, p.id() + ": " + aboutDocuments + " questions about documents");
        }
    }

    @Test
    void questionsParaphraseTheirSources() {
        List<Integer> shared = CORPUS.personas().stream().flatMap(p -> answerable(p).stream()
                .map(q -> LexicalOverlap.sharedStems(q.ask(),
                        q.sentences().stream().map(i -> p.sentencesOf(q.source()).orElseThrow().get(i)).toList()).size()))
                .toList();
        long none = shared.stream().filter(n -> n == 0).count();
        long some = shared.stream().filter(n -> n >= 1).count();
        assertTrue(none * 10 >= shared.size() * 4, none + " of " + shared.size() + " share no content word");
        assertTrue(some * 10 >= shared.size(), some + " of " + shared.size() + " share a word");
        assertTrue(shared.stream().allMatch(n -> n <= 3), "a question repeats its source: " + shared);
    }

    @Test
    void documentSentencesAreBodyLines() {
        assertEquals(List.of("Hi,", "Line one.", "Line two."), DocumentSource.bodyLines("x.eml",
                "From: a@b.c\nSubject: Hi\n\nHi,\nLine one.\n\nLine two.\n"));
        assertEquals(List.of("Line one.", "Line two."), DocumentSource.bodyLines("x.md", "# Title\n\nLine one.\nLine two.\n"));
    }

    @Test
    void stemsMeetAcrossEndingsButNotAcrossWords() {
        assertEquals(Set.of("repai", "garag"), LexicalOverlap.sharedStems("Who repaired the garages?",
                List.of("My brother repairs old motorbikes in his garage.")));
        assertEquals(Set.of(), LexicalOverlap.sharedStems("How do you spend your Saturdays and Sundays?",
                List.of("On weekends I play the violin in a string quartet.")));
    }
}
