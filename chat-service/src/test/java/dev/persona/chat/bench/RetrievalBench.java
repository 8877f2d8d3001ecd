package dev.persona.chat.bench;

import dev.persona.chat.domain.Chunk;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.SentenceIndex;
import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
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
 * relevance gate, MMR). Setup prints the build time and heap of the persona's index (BUILD, from {@code buildThreads}
 * threads), the graph's recall@10 and recall@50 against the exact scan over 200 questions and the exact scan's own
 * time there (RECALL), and what replacing one source (80 sentences, as a {@code chunks-embedded} event does) costs
 * in place, against that build (REFRESH). The measurements then run on the index as those refreshes left it.
 * <p>
 * {@code -p rows=1000000} runs the 1M case (needs {@code -jvmArgsAppend -Xmx14g}; its build takes many minutes on 2
 * cores, once per benchmark method, so name one: {@code RetrievalBench.hnsw}); {@code -p rows=2000,5000} shows
 * where the graph starts to beat the scan; {@code -p buildThreads=1,2} what a parallel load costs per query.
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

    @Param({"2"})
    int buildThreads;

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
        index = PersonaIndex.of(corpus, SpokenTextAnalyzer.PLAIN, null, buildThreads);
        double seconds = (System.nanoTime() - start) / 1e9;
        long measured = usedHeap() - before;
        SentenceIndex sentences = index.sentences();
        System.out.printf("%nBUILD %d sentence rows (%s, %d segments from %d threads): %.1f s, heap %.0f MiB "
                + "measured, %.0f MiB weighed (Lucene files %.0f MiB); per 100k rows: %.1f s, %.0f MiB%n",
                sentences.size(), sentences.hasGraph() ? "HNSW" : "exact scan", sentences.segments(), buildThreads,
                seconds, measured / 1048576.0,
                index.approximateBytes() / 1048576.0, sentences.luceneBytes() / 1048576.0,
                seconds * 100_000 / sentences.size(), measured / 1048576.0 * 100_000 / sentences.size());
        printRefresh(corpus, seconds);
        graph = index.sentences().hasGraph() ? index.sentences() : graphOf(index);
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
            if (index.chunkOfSentence(row) < 0) {
                continue; // a sentence the refreshes deleted
            }
            texts.add(index.chunk(index.chunkOfSentence(row)).sentences().get(index.positionOfSentence(row)).text());
            vectors.add(index.sentences().vector(row));
        }
        return SentenceIndex.build(texts, vectors, SpokenTextAnalyzer.PLAIN, true);
    }

    /**
     * Replaces the first source's chunks 20 times in place, alternating two versions of it (new chunk ids, so every
     * time its sentences are deleted and added), and prints the time per replacement against the build's.
     */
    private void printRefresh(List<IndexedChunk> corpus, double buildSeconds) {
        String source = corpus.get(0).chunk().sourceId();
        List<IndexedChunk> original = corpus.stream().filter(c -> c.chunk().sourceId().equals(source)).toList();
        List<IndexedChunk> changed = original.stream().map(c -> new IndexedChunk(new Chunk(c.chunk().id() + "-v2",
                c.chunk().sourceId(), c.chunk().sourceKind(), c.chunk().sourceName(), c.chunk().index(),
                c.chunk().text(), c.chunk().startSec(), c.chunk().endSec(), c.chunk().page(), c.chunk().sentences()),
                c.vector(), c.sentenceVectors())).toList();
        double[] millis = new double[20];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            index = index.replacingSource(source, i % 2 == 0 ? changed : original);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("REFRESH one source (%d sentences) in place at %d rows: p50 %.1f ms, max %.1f ms; "
                + "the build took %.0fx the p50; %d segments after%n",
                original.stream().mapToInt(c -> c.chunk().sentences().size()).sum(), index.sentences().size(), millis[millis.length / 2], millis[millis.length - 1],
                buildSeconds * 1000 / millis[millis.length / 2], index.sentences().segments());
    }

    /**
     * The graph's recall against the exact scan over 200 questions, and its time per query there, for beam factors
     * 1, 2, 4 and 8 ({@link SentenceIndex#GRAPH_BEAM} is the one shipped): the trade-off that chose it.
     */
    private void printRecall(Random random, List<IndexedChunk> corpus) {
        int questions = 200;
        float[][] asked = new float[questions][];
        int[][] exact = new int[questions][];
        double[] exactMillis = new double[questions];
        for (int i = 0; i < questions; i++) {
            asked[i] = SyntheticCorpus.query(random, corpus);
            long start = System.nanoTime();
            exact[i] = graph.nearestExact(asked[i], CANDIDATES);
            exactMillis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(exactMillis);
        System.out.printf("RECALL exact scan at %d rows: p50 %.1f ms, p99 %.1f ms%n", graph.size(),
                exactMillis[questions / 2], exactMillis[questions * 99 / 100]);
        for (int beam : new int[] {1, 2, 4, 8}) {
            int[] found = new int[2];
            double[] millis = new double[questions];
            for (int round = 0; round < 2; round++) { // the first round warms this beam's code up
                for (int i = 0; i < questions; i++) {
                    long start = System.nanoTime();
                    int[] approximate = graph.nearestByGraph(asked[i], CANDIDATES, beam);
                    millis[i] = (System.nanoTime() - start) / 1e6;
                    if (round == 1) {
                        found[0] += overlap(approximate, exact[i], 10);
                        found[1] += overlap(approximate, exact[i], CANDIDATES);
                    }
                }
            }
            Arrays.sort(millis);
            System.out.printf("RECALL HNSW beam x%d%s at %d rows: recall@10 %.3f, recall@%d %.3f; p50 %.2f ms, "
                    + "p99 %.2f ms%n", beam, beam == SentenceIndex.GRAPH_BEAM ? " (shipped)" : "", graph.size(),
                    found[0] / (10.0 * questions), CANDIDATES, found[1] / ((double) CANDIDATES * questions),
                    millis[questions / 2], millis[questions * 99 / 100]);
        }
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
