package dev.persona.embed.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.memory.ChunkSentence;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.common.text.SentenceSplitter;
import dev.persona.embed.domain.Chunk;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Uses the model's real WordPiece tokenizer and the OpenNLP sentence model, as production does. A recording segment
 * (with seconds) is one utterance and so one sentence; a document segment (a page) is split into sentences; no
 * sentence crosses a segment. Every chunk must list sentences whose spans cut its text into exactly those sentences.
 */
class ChunkerTest {
    private static final WordPieceTokenCounter TOKENS = new WordPieceTokenCounter();
    private static final SentenceSplitter SENTENCES = new SentenceSplitter();

    private static Chunker chunker(int max, int overlapSentences, int maxOverlap, int piece) {
        return new Chunker(new Chunker.Params(max, overlapSentences, maxOverlap, piece), SENTENCES, TOKENS);
    }

    private static String sentence(int i) {
        return "Story " + i + " is about the harbour where my grandfather mended nets in the winter of 19" + (50 + i % 40)
                + ".";
    }

    /** An utterance as transcribe-service writes it: restored text, raw words and their times. */
    private static TranscriptSegment timed(double start, double end, String text) {
        String[] words = text.strip().split(" +");
        List<SpokenWord> spoken = new ArrayList<>();
        double step = (end - start) / Math.max(1, words.length);
        for (int k = 0; k < words.length; k++) {
            String raw = words[k].toLowerCase().replaceAll("[.,!?]", "");
            if (!raw.isBlank()) {
                spoken.add(new SpokenWord(raw, start + k * step, start + (k + 1) * step));
            }
        }
        return TranscriptSegment.spoken(start, end, text, text.toLowerCase(), spoken);
    }

    private static TranscriptSegment page(int page, String text) {
        return TranscriptSegment.written(page, text);
    }

    /** One utterance per sentence, {@code 10 s} apart, each said over 8.5 s. */
    private static List<TranscriptSegment> utterances(List<String> sentences) {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            segments.add(timed(i * 10.0, i * 10.0 + 8.5, sentences.get(i)));
        }
        return segments;
    }

    private static List<String> texts(Chunk chunk) {
        return chunk.sentences().stream().map(s -> s.textOf(chunk.text())).toList();
    }

    /**
     * The contract every chunk keeps: within the token limit (by the tokenizer's own count), indexed in order,
     * sentences whose spans tile the text (one space between), and start/end (seconds or pages) taken from them.
     */
    private static void assertWellFormed(List<Chunk> chunks, int max) {
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            assertEquals(i, chunk.index());
            int recount = TOKENS.countDirect(chunk.text());
            assertEquals(recount, chunk.tokenCount(), "stored count is the tokenizer's count: " + chunk.text());
            assertTrue(recount <= max, "chunk " + i + " has " + recount + " tokens > " + max);
            assertFalse(chunk.sentences().isEmpty(), "a chunk has sentences: " + chunk.text());
            int at = 0;
            for (ChunkSentence s : chunk.sentences()) {
                assertEquals(at, s.start(), "spans follow each other with one space: " + chunk.text());
                String text = s.textOf(chunk.text());
                assertEquals(text.strip(), text, "a sentence span is trimmed");
                assertFalse(text.isEmpty());
                assertNull(s.vector(), "the chunker computes no vectors");
                at = s.end() + 1;
            }
            assertEquals(chunk.text().length() + 1, at, "the spans cover the whole text");
            assertEquals(String.join(" ", texts(chunk)), chunk.text());

            ChunkSentence first = chunk.sentences().get(0);
            ChunkSentence last = chunk.sentences().get(chunk.sentences().size() - 1);
            if (first.startSec() != null) {
                assertEquals(first.startSec(), chunk.startSec(), "a chunk starts with its first sentence");
                assertEquals(last.endSec(), chunk.endSec(), "a chunk ends with its last sentence");
                assertNull(chunk.page());
                assertNull(chunk.endPage());
            } else {
                assertNull(chunk.startSec());
                assertNull(chunk.endSec());
                assertEquals(first.page(), chunk.page());
                assertEquals(last.page(), chunk.endPage());
            }
        }
    }

    @Test
    void documentSentencesAreNeverCutAndEveryChunkFits() {
        List<String> sentences = IntStream.range(0, 40).mapToObj(ChunkerTest::sentence).toList();
        List<Chunk> chunks = chunker(80, 1, 30, 20).chunk(List.of(page(1, String.join(" ", sentences))), "en");

        assertTrue(chunks.size() >= 10, "40 sentences of ~22 tokens need many 80-token chunks: " + chunks.size());
        assertWellFormed(chunks, 80);
        for (Chunk chunk : chunks) {
            assertTrue(chunk.text().startsWith("Story ") && chunk.text().endsWith("."), chunk.text());
            for (String piece : texts(chunk)) {
                assertTrue(sentences.contains(piece), "whole sentence expected, got: " + piece);
            }
            chunk.sentences().forEach(s -> assertEquals(1, s.page()));
        }
        List<String> all = chunks.stream().flatMap(c -> texts(c).stream()).distinct().toList();
        assertEquals(sentences, all, "every sentence, in order, none lost");
    }

    @Test
    void eachChunkRepeatsTheLastSentenceOfThePreviousOne() {
        List<String> sentences = IntStream.range(0, 20).mapToObj(ChunkerTest::sentence).toList();
        List<Chunk> chunks = chunker(80, 1, 30, 20).chunk(utterances(sentences), "en");

        assertTrue(chunks.size() > 3);
        assertWellFormed(chunks, 80);
        for (int i = 1; i < chunks.size(); i++) {
            Chunk previous = chunks.get(i - 1);
            ChunkSentence carried = previous.sentences().get(previous.sentences().size() - 1);
            ChunkSentence opening = chunks.get(i).sentences().get(0);
            String lastSentence = carried.textOf(previous.text());
            assertTrue(chunks.get(i).text().startsWith(lastSentence + " "),
                    "chunk " + i + " should open with the overlap sentence '" + lastSentence + "'");
            assertEquals(carried.startSec(), opening.startSec(), "the repeated sentence keeps its seconds");
            assertEquals(carried.endSec(), opening.endSec());
        }
    }

    @Test
    void overlapRespectsItsTokenCapAndCanBeTurnedOff() {
        List<String> sentences = IntStream.range(0, 20).mapToObj(ChunkerTest::sentence).toList();
        String text = String.join(" ", sentences);
        // A 10-token cap is smaller than any sentence: nothing is repeated.
        List<Chunk> capped = chunker(80, 2, 10, 20).chunk(utterances(sentences), "en");
        List<Chunk> none = chunker(80, 0, 0, 20).chunk(utterances(sentences), "en");
        assertEquals(text, capped.stream().map(Chunk::text).collect(Collectors.joining(" ")));
        assertEquals(text, none.stream().map(Chunk::text).collect(Collectors.joining(" ")));
        assertWellFormed(capped, 80);
        assertWellFormed(none, 80);

        List<Chunk> two = chunker(120, 2, 60, 20).chunk(utterances(sentences), "en");
        assertWellFormed(two, 120);
        List<String> first = texts(two.get(0));
        List<String> second = texts(two.get(1));
        assertEquals(first.subList(first.size() - 2, first.size()), second.subList(0, 2),
                "two sentences of overlap expected");
    }

    @Test
    void eachUtteranceIsOneSentenceWithExactlyItsSeconds() {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            segments.add(timed(i * 7.5 + 0.25, i * 7.5 + 6.75, "Story " + i + " is about the harbour where my"
                    + " grandfather mended nets in winter."));
        }
        List<Chunk> chunks = chunker(60, 1, 30, 20).chunk(segments, "en");

        assertTrue(chunks.size() > 3, "24 utterances of ~15 tokens in 60-token chunks: " + chunks.size());
        assertWellFormed(chunks, 60);
        List<Integer> seen = new ArrayList<>();
        for (Chunk chunk : chunks) {
            Double previousEnd = null;
            for (ChunkSentence s : chunk.sentences()) {
                String text = s.textOf(chunk.text());
                int story = Integer.parseInt(text.substring("Story ".length(), text.indexOf(' ', "Story ".length())));
                assertEquals(segments.get(story).text(), text, "a sentence is its utterance, whole");
                assertEquals(story * 7.5 + 0.25, s.startSec(), text);
                assertEquals(story * 7.5 + 6.75, s.endSec(), text);
                assertNull(s.page());
                if (previousEnd != null) {
                    assertTrue(s.startSec() > previousEnd, "sentences are in increasing time order");
                }
                previousEnd = s.endSec();
                if (!seen.contains(story)) {
                    seen.add(story);
                }
            }
        }
        assertEquals(IntStream.range(0, 24).boxed().toList(), seen, "every utterance, in order");
        assertEquals(0.25, chunks.get(0).startSec());
        assertEquals(23 * 7.5 + 6.75, chunks.get(chunks.size() - 1).endSec());
    }

    @Test
    void anUtteranceIsNotSplitIntoSentencesAndSentencesNeverCrossUtterances() {
        // Two short sentences said in one breath stay one utterance; half a sentence before a pause stays its own.
        List<TranscriptSegment> segments = List.of(
                timed(0.0, 3.0, "Yes. I remember it well."),
                timed(4.0, 6.5, "My grandfather, who mended nets"),
                timed(7.5, 9.0, "in the winter, never complained."));
        List<Chunk> chunks = chunker(350, 1, 60, 60).chunk(segments, "en");

        assertEquals(1, chunks.size());
        assertWellFormed(chunks, 350);
        Chunk chunk = chunks.get(0);
        assertEquals(List.of("Yes. I remember it well.", "My grandfather, who mended nets",
                "in the winter, never complained."), texts(chunk));
        assertEquals(List.of(0.0, 4.0, 7.5), chunk.sentences().stream().map(ChunkSentence::startSec).toList());
        assertEquals(List.of(3.0, 6.5, 9.0), chunk.sentences().stream().map(ChunkSentence::endSec).toList());
        assertEquals(0.0, chunk.startSec());
        assertEquals(9.0, chunk.endSec());
    }

    @Test
    void documentSentencesCarryTheirPageAndParagraphBreaksEndSentences() {
        List<TranscriptSegment> pages = List.of(
                page(1, "Chapter One\n\nI was born in a small town by the sea. My mother ran the bakery on the"),
                page(2, "corner of the square. Every morning the smell of bread filled the street."),
                page(3, "Chapter Two\n\nLater I moved to the city to study engineering."));
        // 12 tokens: "Chapter One" + the next sentence (2 + 11) do not fit together, and read as one sentence
        // (13 tokens) they would be cut into word pieces mid-sentence.
        List<Chunk> chunks = chunker(12, 0, 0, 10).chunk(pages, "en");
        assertWellFormed(chunks, 12);

        assertEquals("Chapter One", chunks.get(0).text(), "a blank line ends the heading's sentence");
        assertEquals("I was born in a small town by the sea.", chunks.get(1).text());
        List<ChunkSentence> all = new ArrayList<>();
        List<String> allTexts = new ArrayList<>();
        for (Chunk chunk : chunks) {
            all.addAll(chunk.sentences());
            allTexts.addAll(texts(chunk));
        }
        assertEquals(List.of("Chapter One", "I was born in a small town by the sea.",
                "My mother ran the bakery on the", "corner of the square.",
                "Every morning the smell of bread filled the street.", "Chapter Two",
                "Later I moved to the city to study engineering."), allTexts,
                "a sentence never runs over a page break");
        assertEquals(List.of(1, 1, 1, 2, 2, 3, 3), all.stream().map(ChunkSentence::page).toList());
        all.forEach(s -> assertNull(s.startSec()));
        Chunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.text().endsWith("study engineering."));
        assertEquals(3, last.page());
        assertEquals(3, last.endPage());

        // With room for several sentences a chunk spans the page break: its pages are its first and last sentence's.
        List<Chunk> roomy = chunker(60, 1, 20, 20).chunk(pages, "en");
        assertWellFormed(roomy, 60);
        Chunk crossing = roomy.stream().filter(c -> c.text().contains("on the corner of the square")).findFirst()
                .orElseThrow(() -> new AssertionError("the two halves share a chunk: " + roomy));
        assertEquals(1, crossing.page());
        assertTrue(crossing.endPage() >= 2);
        List<String> halves = texts(crossing);
        int half = halves.indexOf("My mother ran the bakery on the");
        assertEquals("corner of the square.", halves.get(half + 1), "the halves stay two sentences");
        assertEquals(1, crossing.sentences().get(half).page());
        assertEquals(2, crossing.sentences().get(half + 1).page());
    }

    @Test
    void tinyAndEmptyInputs() {
        List<Chunk> one = chunker(350, 1, 60, 60).chunk(List.of(timed(1.5, 2.0, "Yes.")), "en");
        assertEquals(1, one.size());
        assertEquals(new Chunk(0, "Yes.", 2, 1.5, 2.0, null, null,
                List.of(new ChunkSentence(0, 4, 1.5, 2.0, null, null))), one.get(0));
        List<Chunk> written = chunker(350, 1, 60, 60).chunk(List.of(page(4, "Yes.")), "en");
        assertEquals(new Chunk(0, "Yes.", 2, null, null, 4, 4,
                List.of(new ChunkSentence(0, 4, null, null, 4, null))), written.get(0));
        assertTrue(chunker(350, 1, 60, 60).chunk(List.of(), "en").isEmpty());
        assertTrue(chunker(350, 1, 60, 60).chunk(List.of(timed(0, 1, "  "), page(2, ""),
                new TranscriptSegment(3.0, 4.0, null, null, null, null)), "en").isEmpty());
    }

    @Test
    void anOverLongUtteranceIsCutIntoPiecesWithinItsSeconds() {
        // 200 words said without punctuation over one minute: longer than a chunk, so cut into word pieces.
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            words.addAll(List.of("so", "then", "we", "walked", "down", "to", "river", "number" + i));
        }
        String said = String.join(" ", words);
        double start = 12.5;
        double end = 72.5;
        List<TranscriptSegment> segments = List.of(timed(2.0, 11.0, "We used to go fishing."),
                timed(start, end, said), timed(73.0, 75.0, "That was all."));
        List<Chunk> chunks = chunker(100, 0, 0, 40).chunk(segments, "en");
        assertWellFormed(chunks, 100);

        List<ChunkSentence> pieces = new ArrayList<>();
        List<String> pieceTexts = new ArrayList<>();
        for (Chunk chunk : chunks) {
            for (ChunkSentence s : chunk.sentences()) {
                String text = s.textOf(chunk.text());
                if (!text.equals("We used to go fishing.") && !text.equals("That was all.")) {
                    pieces.add(s);
                    pieceTexts.add(text);
                }
            }
        }
        assertTrue(pieces.size() >= 5, "~300 tokens in pieces of at most 40: " + pieces.size());
        assertEquals(said, String.join(" ", pieceTexts), "the pieces are the utterance's words, in order");
        pieceTexts.forEach(p -> assertTrue(TOKENS.countDirect(p) <= 40, "piece over the limit: " + p));
        assertEquals(start, pieces.get(0).startSec(), "the first piece starts with the utterance");
        assertEquals(end, pieces.get(pieces.size() - 1).endSec(), "the last piece ends with it");
        int offset = 0;
        for (int k = 0; k < pieces.size(); k++) {
            ChunkSentence p = pieces.get(k);
            assertTrue(p.startSec() >= start && p.endSec() <= end, "inside the utterance: " + p);
            assertTrue(p.endSec() > p.startSec(), "a piece takes time: " + p);
            if (k > 0) {
                assertTrue(p.startSec() >= pieces.get(k - 1).endSec(), "pieces follow each other in time");
                assertTrue(p.startSec() > pieces.get(k - 1).startSec());
            }
            // Seconds are the piece's share of the utterance's characters (rounded to 10 ms).
            double expected = start + (end - start) * offset / said.length();
            assertEquals(expected, p.startSec(), 0.011, pieceTexts.get(k));
            offset += pieceTexts.get(k).length() + 1;
        }
        assertEquals(2.0, chunks.get(0).startSec());
        assertEquals(75.0, chunks.get(chunks.size() - 1).endSec());
    }

    @Test
    void unpunctuatedSpeechKeepsItsUtterancesWhole() {
        List<TranscriptSegment> segments = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String text = "so then we walked down to the river number " + i + " and sat there for a while talking";
            segments.add(timed(i * 6.0, i * 6.0 + 5.5, text));
            words.addAll(List.of(text.split(" ")));
        }
        List<Chunk> chunks = chunker(100, 1, 40, 40).chunk(segments, "en");

        assertWellFormed(chunks, 100);
        assertTrue(chunks.size() >= 6, "~600 tokens in 100-token chunks: " + chunks.size());
        for (Chunk chunk : chunks) {
            assertTrue(chunk.text().startsWith("so then we walked"), "chunks start where an utterance starts: "
                    + chunk.text());
            assertTrue(chunk.endSec() - chunk.startSec() <= 6 * 5, "a chunk spans only its own utterances");
            texts(chunk).forEach(t -> assertTrue(t.startsWith("so then") && t.endsWith("talking"), t));
        }
        // Without overlap, the chunks are exactly the words in order.
        List<Chunk> plain = chunker(100, 0, 0, 40).chunk(segments, "en");
        assertEquals(words, List.of(plain.stream().map(Chunk::text).collect(Collectors.joining(" ")).split(" ")));
    }

    @Test
    void aHugeInputAndAHugeWordStillFit() {
        String book = IntStream.range(0, 3000).mapToObj(ChunkerTest::sentence).collect(Collectors.joining(" "));
        String garbage = "x".repeat(5000) + " " + "https://example.org/" + "a1b2".repeat(400) + ".";
        List<Chunk> chunks = chunker(350, 1, 60, 60)
                .chunk(List.of(page(1, book), page(2, garbage)), "en");

        assertWellFormed(chunks, 350);
        assertTrue(chunks.size() > 150, "3000 sentences of ~22 tokens: " + chunks.size());
        long fullish = chunks.stream().filter(c -> c.tokenCount() >= 300).count();
        assertTrue(fullish > chunks.size() * 0.8, "sentence packing fills most chunks to 300+ tokens");
        // BERT's WordPiece reads a "word" of more than 100 characters as one [UNK]: it stays whole.
        assertEquals(1, TOKENS.count("x".repeat(5000)));
        Chunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.text().contains("x".repeat(5000)), "the long word is kept");
        assertEquals(2, last.endPage());
        assertEquals(2, last.sentences().get(last.sentences().size() - 1).page());
    }

    @Test
    void aLongRunWithoutSpacesIsSlicedByCharactersWithinItsSecondsAndPage() {
        // Japanese has no spaces: one whitespace "word" of many tokens (each kanji is one), cut into character slices.
        String run = "東京に住んでいます。毎朝、港まで歩きました。".repeat(20);
        assertTrue(TOKENS.count(run) > 200, "many tokens in one word: " + TOKENS.count(run));
        List<Chunk> spoken = chunker(50, 0, 0, 20).chunk(List.of(timed(10.0, 20.0, run)), "ja");
        assertWellFormed(spoken, 50);
        List<ChunkSentence> slices = spoken.stream().flatMap(c -> c.sentences().stream()).toList();
        assertEquals(run, spoken.stream().flatMap(c -> texts(c).stream()).collect(Collectors.joining()),
                "the slices are the whole run, in order");
        assertTrue(slices.size() >= run.length() / 20, "slices of at most 20 characters: " + slices.size());
        assertEquals(10.0, slices.get(0).startSec());
        assertEquals(20.0, slices.get(slices.size() - 1).endSec());
        for (int k = 1; k < slices.size(); k++) {
            assertTrue(slices.get(k).startSec() >= slices.get(k - 1).endSec(), "slices follow each other in time");
            assertTrue(slices.get(k).startSec() > slices.get(k - 1).startSec());
            assertTrue(slices.get(k).endSec() <= 20.0);
        }

        List<Chunk> written = chunker(50, 0, 0, 20).chunk(List.of(page(7, run)), "ja");
        assertWellFormed(written, 50);
        written.forEach(c -> c.sentences().forEach(s -> assertEquals(7, s.page())));
    }

    @Test
    void nonsensicalSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> chunker(4, 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> chunker(100, 1, 100, 20));
        assertThrows(IllegalArgumentException.class, () -> chunker(100, -1, 10, 20));
        assertThrows(IllegalArgumentException.class, () -> chunker(100, 1, 10, 0));
    }

    @Test
    void nonEnglishDocumentsUseLocaleSentenceBreaks() {
        String text = "Ich wohne in Berlin. Die Stadt ist groß! Wohnst du auch hier? Ja.";
        List<Chunk> chunks = chunker(12, 0, 0, 10).chunk(List.of(page(1, text)), "de");
        assertWellFormed(chunks, 12);
        assertEquals(text, chunks.stream().map(Chunk::text).collect(Collectors.joining(" ")));
        List<String> sentences = chunks.stream().flatMap(c -> texts(c).stream()).toList();
        assertEquals(List.of("Ich wohne in Berlin.", "Die Stadt ist groß!", "Wohnst du auch hier?", "Ja."), sentences);
        chunks.forEach(c -> assertTrue(c.text().matches(".*[.!?]$"), "sentence-aligned: " + c.text()));
    }

    @Test
    void chunkingIsDeterministic() {
        List<TranscriptSegment> segments = utterances(IntStream.range(0, 30).mapToObj(ChunkerTest::sentence).toList());
        List<Chunk> a = chunker(80, 1, 30, 20).chunk(segments, "en");
        List<Chunk> b = chunker(80, 1, 30, 20).chunk(segments, "en");
        assertEquals(a, b, "the same transcript always gives the same chunks, so replays keep their ids");
        assertNotNull(a.get(0).sentences());
    }
}
