package dev.persona.chat.bench;

import dev.persona.chat.service.retrieval.Bm25Index;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.TopK;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Retrieval latency per query at persona sizes of 10k and 100k chunks (SampleTime: JMH prints p50/p99).
 * {@code exactScan} is the production vector search (contiguous floats, unrolled dot products, bounded heap);
 * {@code naiveScan} the baseline (score everything, sort); {@code bm25Only} the keyword ranker alone;
 * {@code hybrid} the whole production path (both rankers, RRF, relevance gate, MMR). Setup checks that the exact
 * scan's top-10 equals the naive ranking (recall 1.0) and prints it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class RetrievalBench {

    @Param({"10000", "100000"})
    int chunks;

    PersonaIndex index;
    float[][] queries;
    String[] texts;
    List<String>[] terms;
    int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        List<IndexedChunk> corpus = SyntheticCorpus.chunks(chunks, 42);
        index = PersonaIndex.of(corpus);
        Random random = new Random(7);
        queries = new float[256][];
        texts = new String[256];
        terms = new List[256];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = SyntheticCorpus.query(random, corpus);
            texts[i] = "topic" + random.nextInt(Math.max(10, chunks / 200)) + " w" + random.nextInt(300) + " w"
                    + random.nextInt(3000);
            terms[i] = Bm25Index.queryTerms(texts[i]);
        }
        int hits = 0;
        int total = 0;
        for (int i = 0; i < 100; i++) {
            int[] exact = index.vectors().nearest(queries[i], 10).idsDescending();
            int[] naive = index.vectors().nearestNaive(queries[i], 10);
            java.util.Set<Integer> truth = new java.util.HashSet<>();
            for (int id : naive) {
                truth.add(id);
            }
            for (int id : exact) {
                hits += truth.contains(id) ? 1 : 0;
            }
            total += naive.length;
        }
        System.out.printf("%nRECALL@10 exact scan vs naive sort at %d chunks: %.3f%n", chunks, (double) hits / total);
    }

    private int nextQuery() {
        next = (next + 1) & 255;
        return next;
    }

    @Benchmark
    public TopK exactScan() {
        return index.vectors().nearest(queries[nextQuery()], 50);
    }

    @Benchmark
    public int[] naiveScan() {
        return index.vectors().nearestNaive(queries[nextQuery()], 50);
    }

    @Benchmark
    public TopK bm25Only() {
        return index.bm25().search(terms[nextQuery()], 50);
    }

    @Benchmark
    public List<HybridSearch.Hit> hybrid() {
        int q = nextQuery();
        return HybridSearch.search(index, queries[q], texts[q], HybridSearch.Params.defaults());
    }
}
