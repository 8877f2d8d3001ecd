package dev.persona.chat.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.chat.domain.Chunk;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.SentenceIndex;
import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import dev.persona.common.events.SourceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

class HybridSearchTest {

    static float[] randomUnit(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return IndexedChunk.unit(v);
    }

    private static SentenceIndex sentences(List<float[]> vectors, boolean graph) {
        List<String> texts = Collections.nCopies(vectors.size(), "");
        return SentenceIndex.build(texts, vectors, SpokenTextAnalyzer.PLAIN, graph);
    }

    /** The k rows of highest dot product, best first, by scoring everything and sorting. */
    private static int[] sortedByDot(List<float[]> rows, float[] query, int k) {
        Integer[] order = new Integer[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] scores = new float[order.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = VectorUtil.dotProduct(query, rows.get(i));
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        return Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void exactScanMatchesNaiveSortOnRandomData() {
        Random random = new Random(7);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(randomUnit(random, 384));
        }
        SentenceIndex index = sentences(rows, false);
        for (int q = 0; q < 20; q++) {
            float[] query = randomUnit(random, 384);
            assertArrayEquals(sortedByDot(rows, query, 10), index.nearestExact(query, 10));
        }
    }

    @Test
    void hnswFindsTheExactNeighboursByRow() {
        Random random = new Random(11);
        List<float[]> centres = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            centres.add(randomUnit(random, 384));
        }
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            float[] v = randomUnit(random, 384);
            float[] centre = centres.get(i % centres.size());
            for (int d = 0; d < v.length; d++) {
                v[d] = centre[d] + 0.6f * v[d];
            }
            rows.add(IndexedChunk.unit(v));
        }
        SentenceIndex index = sentences(rows, true);
        assertTrue(index.hasGraph());
        int found = 0;
        for (int q = 0; q < 50; q++) {
            int row = random.nextInt(rows.size());
            // A stored vector is its own nearest neighbour: the graph's document ids are the rows.
            assertEquals(row, index.nearestByGraph(rows.get(row), 50)[0]);
            float[] query = randomUnit(random, 384);
            float[] centre = centres.get(q % centres.size());
            for (int d = 0; d < query.length; d++) {
                query[d] = centre[d] + 0.6f * query[d];
            }
            query = IndexedChunk.unit(query);
            List<Integer> approximate = Arrays.stream(index.nearestByGraph(query, 50)).limit(10).boxed().toList();
            for (int id : index.nearestExact(query, 10)) {
                found += approximate.contains(id) ? 1 : 0;
            }
        }
        assertTrue(found >= 0.95 * 500, "recall@10 " + found / 500.0);
        assertFalse(sentences(rows, false).hasGraph());
    }

    @Test
    void analyzerStemsInflectionsAndDropsStopwords() {
        SpokenTextAnalyzer analyzer = SpokenTextAnalyzer.PLAIN;
        assertEquals(List.of("cook", "sambar", "sunday"), analyzer.terms("I am cooking the sambar on Sundays"));
        assertEquals(analyzer.terms("loved"), analyzer.terms("loves"));
        assertEquals(analyzer.terms("grow"), analyzer.terms("grew"));
        // Apostrophes are folded first, so "wasn't" meets the stopword "wasnt" whichever apostrophe was typed.
        assertEquals(List.of("cook"), analyzer.terms("I wasn\u2019t cooking"));
        assertEquals(List.of("cook"), analyzer.terms("I wasn't cooking"));
        assertEquals(List.of("வணக்கம்", "amma"), analyzer.terms("வணக்கம் amma!"));
    }

    @Test
    void bm25PrefersRarerTermsAndCoverageCountsUnknownWords() {
        List<String> texts = List.of("coffee in the morning", "coffee and sambar", "temple festival");
        Random random = new Random(5);
        SentenceIndex bm25 = SentenceIndex.build(texts, List.of(randomUnit(random, 384), randomUnit(random, 384),
                randomUnit(random, 384)), SpokenTextAnalyzer.PLAIN);
        List<String> q = SpokenTextAnalyzer.PLAIN.queryTerms("sambar coffee");
        assertEquals(1, bm25.keywordMatches(q, 3)[0]);
        assertEquals(2, bm25.keywordMatches(q, 3).length, "the temple sentence shares no keyword");
        assertEquals(1.0f, bm25.coverage(q, new int[] {1})[0], 1e-6);
        float[] partial = bm25.coverage(SpokenTextAnalyzer.PLAIN.queryTerms("quantum sambar"), new int[] {2, 1, 0});
        assertTrue(partial[1] > 0 && partial[1] < 0.6f, "unknown words weigh in: " + partial[1]);
        assertEquals(0f, partial[0]);
        assertEquals(0f, partial[2]);
    }

    @Test
    void nothingRelevantGivesNoHitsAndReplacingASourceConverges() {
        Random random = new Random(3);
        float[] topic = randomUnit(random, 384);
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            chunks.add(new IndexedChunk(new Chunk("c" + i, "s1", SourceKind.recording, "a.wav", i, "text " + i, i * 1.0,
                    i + 1.0, null, List.of(new Chunk.Sentence("text " + i, i * 1.0, i + 1.0, null))), topic,
                    List.of(topic)));
        }
        PersonaIndex index = PersonaIndex.of(chunks);
        assertTrue(HybridSearch.search(index, randomUnit(random, 384), "unrelated words", HybridSearch.Params.defaults())
                .isEmpty());
        assertEquals(3, HybridSearch.search(index, topic, "text", HybridSearch.Params.defaults()).size());
        PersonaIndex once = index.replacingSource("s1", chunks.subList(0, 2));
        PersonaIndex twice = once.replacingSource("s1", chunks.subList(0, 2));
        assertEquals(2, once.size());
        assertEquals(2, twice.size());
    }
}
