package dev.persona.chat.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.chat.domain.Chunk;
import dev.persona.chat.service.retrieval.Bm25Index;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.TextAnalyzer;
import dev.persona.chat.service.retrieval.VectorMatrix;
import dev.persona.common.events.SourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HybridSearchTest {

    static float[] randomUnit(Random random, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return VectorMatrix.normalised(v);
    }

    @Test
    void exactScanMatchesNaiveSortOnRandomData() {
        Random random = new Random(7);
        List<float[]> rows = new ArrayList<>();
        // Above the parallel threshold, so the sliced scan and its merge are checked too.
        for (int i = 0; i < 40_000; i++) {
            rows.add(randomUnit(random, 384));
        }
        VectorMatrix matrix = VectorMatrix.of(384, rows);
        for (int q = 0; q < 20; q++) {
            float[] query = randomUnit(random, 384);
            assertArrayEquals(matrix.nearestNaive(query, 10), matrix.nearest(query, 10).idsDescending());
        }
    }

    @Test
    void analyzerStemsInflectionsAndDropsStopwords() {
        assertEquals(List.of("cook", "sambar", "sunday"), TextAnalyzer.terms("I am cooking the sambar on Sundays"));
        assertEquals(TextAnalyzer.terms("loved"), TextAnalyzer.terms("loves"));
        assertEquals(List.of("வணக்கம்", "amma"), TextAnalyzer.terms("வணக்கம் amma!"));
    }

    @Test
    void bm25PrefersRarerTermsAndCoverageCountsUnknownWords() {
        Bm25Index bm25 = Bm25Index.build(List.of("coffee in the morning", "coffee and sambar", "temple festival"));
        List<String> q = Bm25Index.queryTerms("sambar coffee");
        assertEquals(1, bm25.search(q, 3).idsDescending()[0]);
        assertEquals(1.0f, bm25.coverage(q, 1), 1e-6);
        assertTrue(bm25.coverage(Bm25Index.queryTerms("quantum sambar"), 1) < 0.6f);
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
