package dev.persona.chat.service.retrieval;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.chat.domain.Chunk;
import dev.persona.common.events.SourceKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry is bounded by the bytes its indexes take, and whatever it dropped is rebuilt on the next question. */
class PersonaIndexRegistryTest {
    private static final String OWNER = "owner-1";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Personas of a given number of chunks, each chunk naming its persona; counts the loads from "MongoDB". */
    static final class FakeStore extends ChunkStore {
        final Map<String, List<IndexedChunk>> personas = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

        void add(String personaId, int chunks) {
            List<IndexedChunk> list = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                list.add(chunk(personaId, "src-" + personaId, i, "I once cooked " + personaId + " stew number " + i));
            }
            personas.put(personaId, list);
        }

        int loadsOf(String personaId) {
            return loads.getOrDefault(personaId, new AtomicInteger()).get();
        }

        @Override
        public Uni<List<IndexedChunk>> persona(String ownerId, String personaId, String modelId, long maxBytes) {
            loads.computeIfAbsent(personaId, k -> new AtomicInteger()).incrementAndGet();
            return Uni.createFrom().item(List.copyOf(personas.getOrDefault(personaId, List.of())));
        }

        @Override
        public Uni<List<IndexedChunk>> source(String ownerId, String personaId, String sourceId, String modelId,
                long maxBytes) {
            return Uni.createFrom().item(personas.getOrDefault(personaId, List.of()).stream()
                    .filter(c -> c.chunk().sourceId().equals(sourceId)).toList());
        }
    }

    /** Every persona served from one model: these tests are about memory, not model switches. */
    static final ModelChoice ONE_MODEL = new ModelChoice() {
        @Override
        public Uni<String> forPersona(String ownerId, String personaId) {
            return Uni.createFrom().item("test-model");
        }
    };

    static IndexedChunk chunk(String personaId, String sourceId, int index, String text) {
        Random random = new Random((personaId + index).hashCode());
        List<Chunk.Sentence> sentences = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            sentences.add(new Chunk.Sentence(text + ", part " + s + ".", (double) s, s + 1.0, null));
            vectors.add(vector(random));
        }
        Chunk c = new Chunk(personaId + "-" + sourceId + "-" + index, sourceId, SourceKind.recording,
                sourceId + ".wav", index, text, 0.0, 4.0, null, sentences);
        return new IndexedChunk(c, vector(random), vectors);
    }

    private static float[] vector(Random random) {
        float[] v = new float[PersonaIndex.DIMENSION];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static long bytesOf(FakeStore store, String personaId) {
        return PersonaIndex.of(store.personas.get(personaId)).approximateBytes();
    }

    /** The chunk BM25 ranks first for a word, as a question would find it. */
    private static String bestChunkFor(PersonaIndex index, String word) {
        int[] top = index.sentences().keywordMatches(index.analyzer().queryTerms(word), 1);
        return top.length == 0 ? "" : index.chunk(index.chunkOfSentence(top[0])).text();
    }

    @Test
    void anIndexWeighsItsVectorsTextsAndPostings() {
        FakeStore store = new FakeStore();
        store.add("small", 2);
        store.add("large", 20);
        long small = bytesOf(store, "small");
        long large = bytesOf(store, "large");
        // Each chunk holds 5 vectors of 384 floats: at least 7.5 KB; the Lucene index (postings, norms) comes on top.
        PersonaIndex largeIndex = PersonaIndex.of(store.personas.get("large"));
        assertTrue(small > 2 * 7_500, "small: " + small);
        assertTrue(largeIndex.sentences().luceneBytes() > 0);
        assertTrue(large >= PersonaIndex.approximateBytes(store.personas.get("large"))
                + largeIndex.sentences().luceneBytes(), "the index files are weighed with the chunks");
        assertTrue(large > small, small + " vs " + large);
    }

    @Test
    void evictsByWeightAndAnswersAgainAfterEviction() {
        FakeStore store = new FakeStore();
        for (String p : List.of("mango", "lentil", "pumpkin")) {
            store.add(p, 10);
        }
        long one = bytesOf(store, "mango");
        long budget = one * 5 / 2; // room for two of the three
        PersonaIndexRegistry registry = PersonaIndexRegistry.create(store, ONE_MODEL, new SimpleMeterRegistry(), budget, 2);

        for (String p : List.of("mango", "lentil", "pumpkin")) {
            assertEquals(10, registry.index(OWNER, p).await().atMost(WAIT).size());
        }
        // Caffeine weighs an index when its load completes, just after the caller got it: await that state.
        await().atMost(WAIT).untilAsserted(() -> {
            registry.cleanUp();
            long held = List.of("mango", "lentil", "pumpkin").stream().filter(p -> registry.holds(OWNER, p)).count();
            assertEquals(2, held, "two indexes fit the budget, the third was evicted");
        });
        assertTrue(registry.heldBytes() <= budget, registry.heldBytes() + " > " + budget);

        // Every persona, evicted or not, still answers; the evicted one is rebuilt from the store.
        for (String p : List.of("mango", "lentil", "pumpkin")) {
            PersonaIndex index = registry.index(OWNER, p).await().atMost(WAIT);
            assertTrue(bestChunkFor(index, p).contains("cooked " + p), bestChunkFor(index, p));
        }
        int loads = store.loadsOf("mango") + store.loadsOf("lentil") + store.loadsOf("pumpkin");
        assertTrue(loads >= 4, "the evicted persona was loaded again, loads: " + loads);
    }

    @Test
    void manySmallPersonasAreBoundedByTheirBytesNotTheirNumber() {
        FakeStore store = new FakeStore();
        for (int i = 0; i < 60; i++) {
            store.add("p" + i, 1);
        }
        long budget = bytesOf(store, "p0") * 10;
        PersonaIndexRegistry registry = PersonaIndexRegistry.create(store, ONE_MODEL, new SimpleMeterRegistry(), budget, 2);
        for (int i = 0; i < 60; i++) {
            registry.index(OWNER, "p" + i).await().atMost(WAIT);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            registry.cleanUp();
            long held = store.personas.keySet().stream().filter(p -> registry.holds(OWNER, p)).count();
            assertTrue(held >= 5 && held <= 10, "held " + held);
            assertTrue(registry.heldBytes() <= budget);
        });
    }

    @Test
    void aPersonaLargerThanTheWholeBudgetIs503WithoutRepeatedLoads() {
        FakeStore store = new FakeStore();
        store.add("huge", 30);
        store.add("small", 1);
        long budget = bytesOf(store, "huge") / 3;
        PersonaIndexRegistry registry = PersonaIndexRegistry.create(store, ONE_MODEL, new SimpleMeterRegistry(), budget, 2);

        IndexTooLargeException refused = assertThrows(IndexTooLargeException.class,
                () -> registry.index(OWNER, "huge").await().atMost(WAIT));
        assertEquals(503, refused.status());
        assertEquals("service-unavailable", refused.code());
        assertTrue(refused.getMessage().contains("MiB"), refused.getMessage());
        assertThrows(IndexTooLargeException.class, () -> registry.index(OWNER, "huge").await().atMost(WAIT));
        assertEquals(1, store.loadsOf("huge"), "the verdict is remembered, not measured on every question");
        // Others are unaffected.
        assertEquals(1, registry.index(OWNER, "small").await().atMost(WAIT).size());

        // Its chunks change (a chunks-embedded event): the next question measures again.
        store.add("huge", 2);
        registry.refreshSource(OWNER, "huge", "src-huge").await().atMost(WAIT);
        assertEquals(2, registry.index(OWNER, "huge").await().atMost(WAIT).size());
        assertEquals(2, store.loadsOf("huge"));
    }

    @Test
    void aRefreshReplacesTheSourceAndReweighsTheIndex() {
        FakeStore store = new FakeStore();
        store.add("a", 2);
        PersonaIndexRegistry registry = PersonaIndexRegistry.create(store, ONE_MODEL, new SimpleMeterRegistry(), 50_000_000, 2);
        registry.index(OWNER, "a").await().atMost(WAIT);
        await().atMost(WAIT).until(() -> {
            registry.cleanUp();
            return registry.heldBytes() > 0;
        });
        long before = registry.heldBytes();

        List<IndexedChunk> grown = new ArrayList<>(store.personas.get("a"));
        for (int i = 2; i < 8; i++) {
            grown.add(chunk("a", "src-a", i, "I also baked a walnut cake " + i));
        }
        store.personas.put("a", grown);
        registry.refreshSource(OWNER, "a", "src-a").await().atMost(WAIT);

        PersonaIndex index = registry.index(OWNER, "a").await().atMost(WAIT);
        assertEquals(8, index.size());
        assertTrue(bestChunkFor(index, "walnut").contains("walnut"));
        await().atMost(WAIT).untilAsserted(() -> {
            registry.cleanUp();
            // Six more chunks of five 384-float vectors each (and their texts and postings).
            assertTrue(registry.heldBytes() > before + 6 * 7_500, before + " -> " + registry.heldBytes());
        });
        assertEquals(1, store.loadsOf("a"), "refreshed through the event, not reloaded");
    }

    @Test
    void concurrentRefreshesOfSeveralSourcesAllLandInTheHeldIndex() {
        FakeStore store = new FakeStore();
        int sources = 6;
        List<IndexedChunk> chunks = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            chunks.add(chunk("m", "src-" + s, 0, "I first played chess " + s));
        }
        store.personas.put("m", chunks);
        PersonaIndexRegistry registry = PersonaIndexRegistry.create(store, ONE_MODEL, new SimpleMeterRegistry(), 50_000_000, 2);
        PersonaIndex loaded = registry.index(OWNER, "m").await().atMost(WAIT);

        List<IndexedChunk> changed = new ArrayList<>(chunks);
        for (int s = 0; s < sources; s++) {
            changed.add(chunk("m", "src-" + s, 1, "later I took up rowing" + s + " seriously"));
        }
        store.personas.put("m", changed);
        List<Uni<Void>> refreshes = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            refreshes.add(registry.refreshSource(OWNER, "m", "src-" + s));
        }
        Uni.join().all(refreshes).andFailFast().await().atMost(WAIT);

        PersonaIndex index = registry.index(OWNER, "m").await().atMost(WAIT);
        assertEquals(2 * sources, index.size(), "no refresh was lost to another");
        for (int s = 0; s < sources; s++) {
            assertTrue(bestChunkFor(index, "rowing" + s).contains("rowing" + s), "source " + s);
        }
        assertTrue(index.sharesMemoryWith(loaded), "updated in place");
        assertEquals(1, store.loadsOf("m"));
    }

    @Test
    void theBudgetIsAShareOfTheHeapOrASize() {
        assertEquals(250, PersonaIndexRegistry.budgetBytes("25%", 1000));
        assertEquals(512L << 20, PersonaIndexRegistry.budgetBytes("512M", 1L << 40));
        assertEquals(2L << 30, PersonaIndexRegistry.budgetBytes(" 2G ", 1L << 40));
        assertThrows(IllegalArgumentException.class, () -> PersonaIndexRegistry.budgetBytes("0%", 1000));
        assertThrows(IllegalArgumentException.class, () -> PersonaIndexRegistry.budgetBytes("95%", 1000));
    }
}
