package dev.persona.common.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallerThreadEncoderTest {
    private static final List<String> TEXTS = List.of("What messy activity did your pupils do recently?",
            "We built volcanoes out of baking soda and vinegar, and the whole classroom smelled of it for a week.",
            "Ennaku romba pidikkum", "a");

    /**
     * Chunks were embedded by embed-service with the library's session: a question must get the same vector, bit for
     * bit, so retrieval and every calibrated threshold stay as they were.
     */
    @ParameterizedTest
    @EnumSource(EmbeddingModels.class)
    void givesTheLibrarysVectors(EmbeddingModels kind) {
        EmbeddingModel library = kind.load(null);
        EmbeddingModel callerThreads = kind.loadOnCallerThreads();
        for (String text : TEXTS) {
            float[] expected = library.embed(kind.asQuery(text)).content().vector();
            float[] actual = callerThreads.embed(kind.asQuery(text)).content().vector();
            assertEquals(EmbeddingModels.DIMENSION, actual.length);
            assertArrayEquals(expected, actual, text);
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddingModels.class)
    void concurrentCallersGetTheirOwnTextsVectors(EmbeddingModels kind) throws Exception {
        EmbeddingModel model = kind.loadOnCallerThreads();
        List<float[]> alone = TEXTS.stream().map(t -> model.embed(t).content().vector()).toList();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> together = new java.util.ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (String text : TEXTS) {
                    together.add(callers.submit(() -> model.embed(text).content().vector()));
                }
            }
            for (int i = 0; i < together.size(); i++) {
                assertArrayEquals(alone.get(i % TEXTS.size()), together.get(i).get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** embed-service's batches: the texts of one call spread over threads, each text's vector the library's. */
    @ParameterizedTest
    @EnumSource(EmbeddingModels.class)
    void batchesOverThreadsGiveTheLibrarysVectorsInOrder(EmbeddingModels kind) {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<dev.langchain4j.data.segment.TextSegment> segments = TEXTS.stream()
                    .map(dev.langchain4j.data.segment.TextSegment::from).toList();
            List<dev.langchain4j.data.embedding.Embedding> expected = kind.load(null).embedAll(segments).content();
            List<dev.langchain4j.data.embedding.Embedding> actual = kind.loadOnThreads(threads).embedAll(segments)
                    .content();
            assertEquals(TEXTS.size(), actual.size());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(expected.get(i).vector(), actual.get(i).vector(), TEXTS.get(i));
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
