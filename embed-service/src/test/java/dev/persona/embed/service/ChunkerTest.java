package dev.persona.embed.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.embed.domain.Chunk;
import dev.persona.embed.domain.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Uses the model's real WordPiece tokenizer and the OpenNLP sentence model, as production does. */
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

    private static Segment timed(double start, double end, String text) {
        return new Segment(start, end, null, text);
    }

    private static Segment page(int page, String text) {
        return new Segment(null, null, page, text);
    }

    private static void assertWithinLimit(List<Chunk> chunks, int max) {
        for (Chunk chunk : chunks) {
            int recount = TOKENS.countDirect(chunk.text());
            assertEquals(recount, chunk.tokenCount(), "stored count is the tokenizer's count: " + chunk.text());
            assertTrue(recount <= max, "chunk " + chunk.index() + " has " + recount + " tokens > " + max);
        }
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(i, chunks.get(i).index());
        }
    }

    @Test
    void sentencesAreNeverCutAndEveryChunkFits() {
        List<String> sentences = IntStream.range(0, 40).mapToObj(ChunkerTest::sentence).toList();
        List<Chunk> chunks = chunker(80, 1, 30, 20).chunk(List.of(timed(0, 100, String.join(" ", sentences))), "en");

        assertTrue(chunks.size() >= 10, "40 sentences of ~22 tokens need many 80-token chunks: " + chunks.size());
        assertWithinLimit(chunks, 80);
        for (Chunk chunk : chunks) {
            assertTrue(chunk.text().startsWith("Story ") && chunk.text().endsWith("."), chunk.text());
            for (String piece : chunk.text().split("(?<=\\.) (?=Story)")) {
                assertTrue(sentences.contains(piece), "whole sentence expected, got: " + piece);
            }
        }
        String all = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
        sentences.forEach(s -> assertTrue(all.contains(s), "lost: " + s));
    }

    @Test
    void eachChunkRepeatsTheLastSentenceOfThePreviousOne() {
        List<String> sentences = IntStream.range(0, 20).mapToObj(ChunkerTest::sentence).toList();
        List<Chunk> chunks = chunker(80, 1, 30, 20).chunk(List.of(timed(0, 100, String.join(" ", sentences))), "en");

        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1).text();
            String lastSentence = previous.substring(previous.lastIndexOf("Story "));
            assertTrue(chunks.get(i).text().startsWith(lastSentence + " "),
                    "chunk " + i + " should open with the overlap sentence '" + lastSentence + "'");
        }
    }

    @Test
    void overlapRespectsItsTokenCapAndCanBeTurnedOff() {
        String text = IntStream.range(0, 20).mapToObj(ChunkerTest::sentence).collect(Collectors.joining(" "));
        // A 10-token cap is smaller than any sentence: nothing is repeated.
        List<Chunk> capped = chunker(80, 2, 10, 20).chunk(List.of(timed(0, 1, text)), "en");
        List<Chunk> none = chunker(80, 0, 0, 20).chunk(List.of(timed(0, 1, text)), "en");
        assertEquals(text, capped.stream().map(Chunk::text).collect(Collectors.joining(" ")));
        assertEquals(text, none.stream().map(Chunk::text).collect(Collectors.joining(" ")));

        List<Chunk> two = chunker(120, 2, 60, 20).chunk(List.of(timed(0, 1, text)), "en");
        String second = two.get(1).text();
        String first = two.get(0).text();
        String[] firstSentences = first.split("(?<=\\.) (?=Story)");
        String lastTwo = firstSentences[firstSentences.length - 2] + " " + firstSentences[firstSentences.length - 1];
        assertTrue(second.startsWith(lastTwo), "two sentences of overlap expected");
    }

    @Test
    void recordingChunksTakeTheSecondsOfTheSegmentsTheirSentencesCameFrom() {
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Every sentence runs over two segments: the boundary is not a sentence boundary.
            segments.add(timed(i * 10.0, i * 10.0 + 4.5, "Story " + i + " is about the harbour"));
            segments.add(timed(i * 10.0 + 5, i * 10.0 + 9.5, "where my grandfather mended nets in winter."));
        }
        List<Chunk> chunks = chunker(60, 1, 30, 20).chunk(segments, "en");

        assertTrue(chunks.size() > 3);
        for (Chunk chunk : chunks) {
            int[] stories = Arrays.stream(chunk.text().split("Story "))
                    .filter(s -> !s.isEmpty()).mapToInt(s -> Integer.parseInt(s.substring(0, s.indexOf(' ')))).toArray();
            int firstStory = Arrays.stream(stories).min().orElseThrow();
            int lastStory = Arrays.stream(stories).max().orElseThrow();
            assertEquals(firstStory * 10.0, chunk.startSec(), chunk.text());
            assertEquals(lastStory * 10.0 + 9.5, chunk.endSec(), chunk.text());
            assertNull(chunk.page());
        }
        assertEquals(0.0, chunks.get(0).startSec());
        assertEquals(119.5, chunks.get(chunks.size() - 1).endSec());
    }

    @Test
    void documentChunksTakeTheirPagesAndParagraphBreaksEndSentences() {
        List<Segment> pages = List.of(
                page(1, "Chapter One\n\nI was born in a small town by the sea. My mother ran the bakery on the"),
                page(2, "corner of the square. Every morning the smell of bread filled the street."),
                page(3, "Chapter Two\n\nLater I moved to the city to study engineering."));
        // 12 tokens: "Chapter One" + the next sentence (2 + 11) do not fit together, and read as one sentence
        // (13 tokens) they would be cut into word pieces mid-sentence.
        List<Chunk> chunks = chunker(12, 0, 0, 10).chunk(pages, "en");

        assertEquals("Chapter One", chunks.get(0).text(), "a blank line ends the heading's sentence");
        assertEquals("I was born in a small town by the sea.", chunks.get(1).text());
        Chunk crossing = chunks.stream().filter(c -> c.text().contains("ran the bakery on the corner")).findFirst()
                .orElseThrow(() -> new AssertionError("a sentence runs over the page break: " + chunks));
        assertEquals(1, crossing.page());
        assertEquals(2, crossing.endPage());
        Chunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.text().endsWith("study engineering."));
        assertEquals(3, last.page());
        assertEquals(3, last.endPage());
        chunks.forEach(c -> assertNull(c.startSec()));
    }

    @Test
    void tinyAndEmptyInputs() {
        List<Chunk> one = chunker(350, 1, 60, 60).chunk(List.of(timed(1.5, 2.0, "Yes.")), "en");
        assertEquals(1, one.size());
        assertEquals(new Chunk(0, "Yes.", 2, 1.5, 2.0, null, null), one.get(0));
        assertTrue(chunker(350, 1, 60, 60).chunk(List.of(), "en").isEmpty());
        assertTrue(chunker(350, 1, 60, 60).chunk(List.of(timed(0, 1, "  "), page(2, "")), "en").isEmpty());
    }

    @Test
    void unpunctuatedSpeechIsCutIntoPiecesAtSegmentStarts() {
        List<Segment> segments = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String text = "so then we walked down to the river number " + i + " and sat there for a while talking";
            segments.add(timed(i * 6.0, i * 6.0 + 5.5, text));
            words.addAll(List.of(text.split(" ")));
        }
        List<Chunk> chunks = chunker(100, 1, 40, 40).chunk(segments, "en");

        assertWithinLimit(chunks, 100);
        assertTrue(chunks.size() >= 6, "~600 tokens in 100-token chunks: " + chunks.size());
        for (Chunk chunk : chunks) {
            assertTrue(chunk.text().startsWith("so then we walked"), "pieces start where a segment starts: " + chunk.text());
            assertTrue(chunk.endSec() - chunk.startSec() <= 6 * 5, "a chunk spans only its own segments");
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

        assertWithinLimit(chunks, 350);
        assertTrue(chunks.size() > 150, "3000 sentences of ~22 tokens: " + chunks.size());
        long fullish = chunks.stream().filter(c -> c.tokenCount() >= 300).count();
        assertTrue(fullish > chunks.size() * 0.8, "sentence packing fills most chunks to 300+ tokens");
        assertTrue(chunks.stream().anyMatch(c -> c.text().contains("xxxxxxxxxx")), "the long word is kept, in pieces");
    }

    @Test
    void nonsensicalSettingsAreRejected() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> chunker(4, 1, 2, 2));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> chunker(100, 1, 100, 20));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> chunker(100, -1, 10, 20));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> chunker(100, 1, 10, 0));
    }

    @Test
    void nonEnglishUsesLocaleSentenceBreaks() {
        String text = "Ich wohne in Berlin. Die Stadt ist groß! Wohnst du auch hier? Ja.";
        List<Chunk> chunks = chunker(12, 0, 0, 10).chunk(List.of(timed(0, 4, text)), "de");
        assertEquals(text, chunks.stream().map(Chunk::text).collect(Collectors.joining(" ")));
        chunks.forEach(c -> assertTrue(c.text().matches(".*[.!?]$"), "sentence-aligned: " + c.text()));
    }
}
