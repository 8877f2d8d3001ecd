package dev.persona.chat.service.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.chat.domain.Chunk;
import dev.persona.common.events.SourceKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A persona's Lucene index changes in place: a source is replaced without rebuilding, and views stay consistent. */
class SentenceWriterTest {
    private static final int SOURCES = 30;
    private static final int PER_SOURCE = 50;

    private static float[] unit(Random random) {
        float[] v = new float[PersonaIndex.DIMENSION];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return IndexedChunk.unit(v);
    }

    /** One source's rows, each text carrying a word unique to its source and version. */
    private static List<SentenceRow> source(Random random, int source, int version) {
        List<SentenceRow> rows = new ArrayList<>();
        for (int i = 0; i < PER_SOURCE; i++) {
            rows.add(new SentenceRow("s" + source, "we sailed past word" + source + "v" + version + " number " + i,
                    unit(random), null, i));
        }
        return rows;
    }

    private static SentenceWriter writerOfAllSources(Random random, boolean graph) {
        SentenceWriter writer = SentenceWriter.create(SpokenTextAnalyzer.PLAIN, graph);
        List<SentenceRow> rows = new ArrayList<>();
        for (int s = 0; s < SOURCES; s++) {
            rows.addAll(source(random, s, 0));
        }
        writer.addAll(rows, 2);
        return writer;
    }

    /** The sentence a view finds nearest to this one's vector through the graph (searched as a question is). */
    private static SentenceRow foundByGraph(SentenceIndex view, SentenceRow sentence) {
        int[] top = view.nearestByGraph(sentence.vector(), 50);
        return top.length == 0 ? null : view.row(top[0]);
    }

    /** How many sentences BM25 finds for a word (every source's texts carry a word of their own version). */
    private static int sentencesWith(SentenceIndex view, String word) {
        return view.keywordMatches(SpokenTextAnalyzer.PLAIN.queryTerms(word), 100).length;
    }

    @Test
    void aReplacedSourceIsFoundInPlaceWhileAnOlderViewStaysAsItWas() {
        Random random = new Random(17);
        SentenceWriter writer = SentenceWriter.create(SpokenTextAnalyzer.PLAIN, true);
        List<SentenceRow> first = new ArrayList<>();
        List<SentenceRow> old = null;
        for (int s = 0; s < SOURCES; s++) {
            List<SentenceRow> rows = source(random, s, 0);
            old = s == 3 ? rows : old;
            first.addAll(rows);
        }
        SentenceIndex before = writer.addAll(first, 2);
        List<SentenceRow> fresh = source(random, 3, 1);

        SentenceIndex after = writer.replaceSource("s3", fresh);

        assertEquals(SOURCES * PER_SOURCE, after.size());
        for (int i = 0; i < PER_SOURCE; i++) {
            assertSame(fresh.get(i), foundByGraph(after, fresh.get(i)), "a new sentence is its own nearest");
            assertFalse(foundByGraph(after, old.get(i)) == old.get(i), "a replaced sentence is gone");
            assertSame(old.get(i), foundByGraph(before, old.get(i)), "the older view still has it");
        }
        assertEquals(PER_SOURCE, sentencesWith(after, "word3v1"));
        assertEquals(0, sentencesWith(after, "word3v0"));
        assertEquals(PER_SOURCE, sentencesWith(before, "word3v0"));
        writer.close();
    }

    @Test
    void afterManyUpdatesEveryRowStillResolvesToItsSentence() {
        Random random = new Random(23);
        SentenceWriter writer = writerOfAllSources(random, true);
        SentenceIndex view = null;
        // Enough commits for Lucene's tiered merges to fold segments together in between.
        for (int update = 1; update <= 40; update++) {
            int source = update % 7;
            view = writer.replaceSource("s" + source, update % 5 == 0 ? List.of() : source(random, source, update));
        }
        assertNotNull(view);
        int held = 0;
        Set<String> sources = new HashSet<>();
        for (int row = 0; row < view.rowCount(); row++) {
            SentenceRow sentence = view.row(row);
            if (sentence == null) {
                continue;
            }
            held++;
            sources.add(sentence.sourceId());
            assertEquals(row, view.nearestExact(sentence.vector(), 1)[0], "row " + row + " resolves to its own vector");
        }
        assertEquals(view.size(), held);
        // Updates 35 and 40 emptied s0 and s5; the others of s0-s6 hold their last version.
        assertEquals(SOURCES - 2, sources.size());
        assertEquals((SOURCES - 2) * PER_SOURCE, view.size());
        assertEquals(PER_SOURCE, sentencesWith(view, "word6v34"));
        writer.close();
    }

    @Test
    void aSentenceOfAnotherSourceIsRefused() {
        Random random = new Random(5);
        SentenceWriter writer = writerOfAllSources(random, false);
        List<SentenceRow> wrong = source(random, 4, 1);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> writer.replaceSource("s3", wrong));
        assertTrue(refused.getMessage().contains("s4"), refused.getMessage());
        assertEquals(PER_SOURCE, sentencesWith(writer.replaceSource("s3", source(random, 3, 2)), "word3v2"),
                "the writer still takes a valid change");
        writer.close();
    }

    private static IndexedChunk chunk(Random random, String sourceId, int index, String text, int sentences) {
        List<Chunk.Sentence> list = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            list.add(new Chunk.Sentence(text + " part " + s + ".", index * 10.0 + s, index * 10.0 + s + 1, null));
            vectors.add(unit(random));
        }
        return new IndexedChunk(new Chunk(sourceId + "-" + index, sourceId, SourceKind.recording, sourceId + ".wav",
                index, text, index * 10.0, index * 10.0 + sentences, null, list), unit(random), vectors);
    }

    @Test
    void aPersonaSnapshotMapsEverySentenceToItsChunkAcrossUpdates() {
        Random random = new Random(31);
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            for (int c = 0; c < 4; c++) {
                chunks.add(chunk(random, "src" + s, c, "source " + s + " chunk " + c, 3));
            }
        }
        PersonaIndex first = PersonaIndex.of(chunks);
        List<IndexedChunk> regrown = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            regrown.add(chunk(random, "src2", c, "a longer take of source two, chunk " + c, 2));
        }
        PersonaIndex second = first.replacingSource("src2", regrown);
        PersonaIndex third = second.replacingSource("src4", List.of());

        assertTrue(third.sharesMemoryWith(first), "updated in place, not rebuilt");
        assertTrue(third.includes(second) && !second.includes(third));
        assertEquals(20, first.size());
        assertEquals(22, second.size());
        assertEquals(18, third.size());
        for (PersonaIndex index : List.of(first, second, third)) {
            int live = 0;
            for (int row = 0; row < index.sentenceCount(); row++) {
                int chunkRow = index.chunkOfSentence(row);
                if (chunkRow < 0) {
                    assertNull(index.sentences().row(row));
                    continue;
                }
                live++;
                IndexedChunk chunk = index.entries().get(chunkRow);
                int position = index.positionOfSentence(row);
                assertSame(chunk.sentenceVectors().get(position), index.sentences().vector(row));
            }
            assertEquals(index.sentences().size(), live);
        }
        assertEquals(List.of("src0", "src1", "src2", "src3"),
                third.entries().stream().map(c -> c.chunk().sourceId()).distinct().toList(),
                "chunks stay in source and chunk order");
        first.close();
    }

    @Test
    void aPersonaThatGrowsPastTheGraphThresholdIsRebuiltWithTheGraph() {
        Random random = new Random(41);
        List<IndexedChunk> chunks = new ArrayList<>();
        int perChunk = 10;
        int chunksBelow = SentenceIndex.HNSW_FROM / perChunk - 1;
        for (int c = 0; c < chunksBelow; c++) {
            chunks.add(chunk(random, "src" + c / 100, c % 100, "chunk " + c, perChunk));
        }
        PersonaIndex small = PersonaIndex.of(chunks, SpokenTextAnalyzer.PLAIN, null, 2);
        assertFalse(small.sentences().hasGraph());

        List<IndexedChunk> grown = new ArrayList<>(chunks.stream().filter(c -> c.chunk().sourceId().equals("src0"))
                .toList());
        grown.add(chunk(random, "src0", 100, "one more chunk", perChunk));
        grown.add(chunk(random, "src0", 101, "and another", perChunk));
        PersonaIndex large = small.replacingSource("src0", grown);

        assertTrue(large.sentences().hasGraph());
        assertFalse(large.sharesMemoryWith(small), "rebuilt once, into a memory with a graph");
        assertEquals(chunksBelow + 2, large.size());
        IndexedChunk added = grown.get(grown.size() - 1);
        int[] top = large.sentences().nearestByGraph(added.sentenceVectors().get(3), 50);
        assertSame(added, large.entries().get(large.chunkOfSentence(top[0])));
        large.close();
        small.close();
    }
}
