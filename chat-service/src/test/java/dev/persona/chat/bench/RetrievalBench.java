package dev.persona.chat.bench;

import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.SentenceIndex;
import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
 * Retrieval latency per query over a persona of {@code rows} sentence vectors (384-d; {@code rows / 4} synthetic
 * chunks of four sentences), SampleTime, so JMH prints p50/p99. {@code exactScan}: every row scored, top 50;
 * {@code hnsw}: Lucene's HNSW graph, top 50; {@code bm25}: Lucene BM25 over the sentences, top 50; {@code hybrid}:
 * the whole production path (vectors by whichever of the two {@link SentenceIndex} picks at that size, BM25, RRF,
 * relevance gate, MMR). Setup prints the build time and heap of the persona's index (BUILD) and the graph's
 * recall@10 and recall@50 against the exact scan over 200 questions (RECALL).
 * <p>
 * {@code -p rows=1000000} runs the 1M case (needs {@code -jvmArgsAppend -Xmx14g}; its build takes many minutes on 2
 * cores); {@code -p rows=2000,5000} shows where the graph starts to beat the scan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class RetrievalBench {
    private static final int CANDIDATES = 50;

    @Param({"10000", "100000"})
    int rows;

    PersonaIndex index;
    SentenceIndex graph;
    float[][] queries;
    String[] texts;
    List<String>[] terms;
    int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        long before = usedHeap();
        List<IndexedChunk> corpus = SyntheticCorpus.chunks(Math.max(1, rows / 4), 42);
        long start = System.nanoTime();
        index = PersonaIndex.of(corpus);
        double seconds = (System.nanoTime() - start) / 1e9;
        long measured = usedHeap() - before;
        SentenceIndex sentences = index.sentences();
        System.out.printf("%nBUILD %d sentence rows (%s): %.1f s, heap %.0f MiB measured, %.0f MiB weighed "
                + "(Lucene files %.0f MiB); per 100k rows: %.1f s, %.0f MiB%n", sentences.size(),
                sentences.hasGraph() ? "HNSW" : "exact scan", seconds, measured / 1048576.0,
                index.approximateBytes() / 1048576.0, sentences.luceneBytes() / 1048576.0,
                seconds * 100_000 / sentences.size(), measured / 1048576.0 * 100_000 / sentences.size());
        graph = sentences.hasGraph() ? sentences : graphOf(index);
        Random random = new Random(7);
        queries = new float[256][];
        texts = new String[256];
        terms = new List[256];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = SyntheticCorpus.query(random, corpus);
            texts[i] = "topic" + random.nextInt(Math.max(10, corpus.size() / 200)) + " w" + random.nextInt(300) + " w"
                    + random.nextInt(3000);
            terms[i] = SpokenTextAnalyzer.PLAIN.queryTerms(texts[i]);
        }
        printRecall(random, corpus);
    }

    /** The same sentences with the graph forced on, to compare below {@link SentenceIndex#HNSW_FROM}. */
    private static SentenceIndex graphOf(PersonaIndex index) {
        List<String> texts = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int row = 0; row < index.sentenceCount(); row++) {
            texts.add(index.chunk(index.chunkOfSentence(row)).sentences().get(index.positionOfSentence(row)).text());
            vectors.add(index.sentences().vector(row));
        }
        return SentenceIndex.build(texts, vectors, SpokenTextAnalyzer.PLAIN, true);
    }

    private void printRecall(Random random, List<IndexedChunk> corpus) {
        int[] found = new int[2];
        int questions = 200;
        for (int i = 0; i < questions; i++) {
            float[] q = SyntheticCorpus.query(random, corpus);
            int[] approximate = graph.nearestByGraph(q, CANDIDATES);
            int[] exact = graph.nearestExact(q, CANDIDATES);
            found[0] += overlap(approximate, exact, 10);
            found[1] += overlap(approximate, exact, CANDIDATES);
        }
        System.out.printf("RECALL HNSW vs exact scan at %d rows: recall@10 %.3f, recall@%d %.3f%n", graph.size(),
                found[0] / (10.0 * questions), CANDIDATES, found[1] / ((double) CANDIDATES * questions));
    }

    private static int overlap(int[] approximate, int[] exact, int k) {
        Set<Integer> truth = new HashSet<>();
        for (int i = 0; i < Math.min(k, exact.length); i++) {
            truth.add(exact[i]);
        }
        int hits = 0;
        for (int i = 0; i < Math.min(k, approximate.length); i++) {
            hits += truth.contains(approximate[i]) ? 1 : 0;
        }
        return hits;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private int nextQuery() {
        next = (next + 1) & 255;
        return next;
    }

    @Benchmark
    public int[] exactScan() {
        return graph.nearestExact(queries[nextQuery()], CANDIDATES);
    }

    @Benchmark
    public int[] hnsw() {
        return graph.nearestByGraph(queries[nextQuery()], CANDIDATES);
    }

    @Benchmark
    public int[] bm25() {
        return index.sentences().keywordMatches(terms[nextQuery()], CANDIDATES);
    }

    @Benchmark
    public List<HybridSearch.Hit> hybrid() {
        int q = nextQuery();
        return HybridSearch.search(index, queries[q], texts[q], HybridSearch.Params.defaults());
    }
}
