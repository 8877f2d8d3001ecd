package dev.persona.chat.service.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.SingleInstanceLockFactory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.NeighborQueue;

/**
 * One persona's sentences in a Lucene index held in memory ({@link ByteBuffersDirectory}, so its size is known and
 * counted by the cache): BM25 (k1 1.2, b 0.75) over the {@link SpokenTextAnalyzer} terms of every sentence and, for
 * personas of {@link #HNSW_FROM} sentences or more, an HNSW graph of their unit vectors (dot product). Smaller
 * personas are searched by an exact scan over the vectors, which is fast enough there and needs no graph to be
 * built on a miss or an update. A Lucene document id is the sentence's row: documents are added by one thread
 * and segments are never merged, so ids follow the order of addition.
 */
public final class SentenceIndex {
    /**
     * Sentences from which the HNSW graph is used (RetrievalBench on 2 cores, chat-service/README.md). Per query the
     * graph wins from about 2k rows, but below 10k the scan stays within a few milliseconds (2.7 ms p50 at 10k)
     * while the graph would cost seconds at every load and refresh of the persona (8-18 s for 10k rows); above it
     * the scan grows linearly (62 ms at 100k) and the graph stays under a millisecond at p50.
     */
    public static final int HNSW_FROM = 10_000;

    static final String TEXT = PersonaIndex.TEXT_FIELD;
    static final String VECTOR = "vector";
    /** A single segment up to this much buffered data (vectors and postings), so one graph serves a query. */
    private static final double RAM_BUFFER_MB = 1_900;
    /**
     * Index files are held in blocks of at most 256 KiB: below half of G1's smallest region (1 MiB), so no block is
     * a humongous object. With Lucene's default (up to 64 MiB blocks) a 100k-sentence index wasted a third of its
     * size in half-empty heap regions (RetrievalBench: 543 MiB of heap used for 419 MiB of objects).
     */
    private static final int MAX_BITS_PER_BLOCK = 18;

    private final List<float[]> vectors;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final boolean graph;
    private final long luceneBytes;

    private SentenceIndex(List<float[]> vectors, ByteBuffersDirectory directory, DirectoryReader reader,
            boolean graph) throws IOException {
        this.vectors = vectors;
        this.luceneBytes = filesLength(directory);
        this.reader = reader;
        this.graph = graph;
        this.searcher = new IndexSearcher(reader);
        this.searcher.setSimilarity(new BM25Similarity());
        // Lucene's default query cache is one static cache shared by every index: none here, so all a persona's
        // search structures are in its own, weighed, directory.
        this.searcher.setQueryCache(null);
    }

    /** @param vectors unit vectors, one per text, kept by reference (they are the index's exact-scan rows) */
    public static SentenceIndex build(List<String> texts, List<float[]> vectors, SpokenTextAnalyzer analyzer) {
        return build(texts, vectors, analyzer, texts.size() >= HNSW_FROM);
    }

    /** As {@link #build(List, List, SpokenTextAnalyzer)}, with the vector graph forced on or off (benchmarks). */
    public static SentenceIndex build(List<String> texts, List<float[]> vectors, SpokenTextAnalyzer analyzer,
            boolean graph) {
        if (texts.size() != vectors.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + vectors.size() + " vectors");
        }
        ByteBuffersDirectory directory = new ByteBuffersDirectory(new SingleInstanceLockFactory(),
                () -> new ByteBuffersDataOutput(ByteBuffersDataOutput.DEFAULT_MIN_BITS_PER_BLOCK, MAX_BITS_PER_BLOCK,
                        ByteBuffersDataOutput.ALLOCATE_BB_ON_HEAP, ByteBuffersDataOutput.NO_REUSE),
                ByteBuffersDirectory.OUTPUT_AS_MANY_BUFFERS);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setMergePolicy(NoMergePolicy.INSTANCE)
                .setUseCompoundFile(false)
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                .setSimilarity(new BM25Similarity());
        try {
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (int row = 0; row < texts.size(); row++) {
                    Document doc = new Document();
                    doc.add(new TextField(TEXT, texts.get(row), Field.Store.NO));
                    if (graph) {
                        doc.add(new KnnFloatVectorField(VECTOR, vectors.get(row), VectorSimilarityFunction.DOT_PRODUCT));
                    }
                    writer.addDocument(doc);
                }
            }
            return new SentenceIndex(List.copyOf(vectors), directory, DirectoryReader.open(directory), graph);
        } catch (IOException e) {
            throw new UncheckedIOException("building an in-memory index", e);
        }
    }

    public int size() {
        return vectors.size();
    }

    /** Whether vector search uses the HNSW graph (else an exact scan). */
    public boolean hasGraph() {
        return graph;
    }

    public float[] vector(int row) {
        return vectors.get(row);
    }

    /** Bytes of the Lucene index files (postings, norms, vectors, graph), all on the heap; known once built. */
    public long luceneBytes() {
        return luceneBytes;
    }

    private static long filesLength(ByteBuffersDirectory directory) throws IOException {
        long bytes = 0;
        String[] files = directory.listAll();
        for (String file : files) {
            bytes += directory.fileLength(file);
        }
        // The last block of each file is partly empty: a block is at least 1 KiB, and at most ~1/50 of its file
        // (Lucene grows the block size to keep a file within about a hundred blocks) or 256 KiB.
        return bytes + bytes / 32 + 1024L * files.length;
    }

    /** Rows of the {@code k} nearest sentences to a unit query vector, nearest first. */
    public int[] nearest(float[] unitQuery, int k) {
        return graph ? nearestByGraph(unitQuery, k) : nearestExact(unitQuery, k);
    }

    /** Approximate nearest neighbours through the HNSW graph (only for an index built with it). */
    public int[] nearestByGraph(float[] unitQuery, int k) {
        if (size() == 0) {
            return new int[0];
        }
        return rows(search(new KnnFloatVectorQuery(VECTOR, unitQuery, k), k));
    }

    /** Exact nearest neighbours: every row scored, the best {@code k} kept in a bounded heap. */
    public int[] nearestExact(float[] unitQuery, int k) {
        int n = Math.min(k, size());
        NeighborQueue best = new NeighborQueue(Math.max(1, n), false);
        for (int row = 0; row < vectors.size(); row++) {
            best.insertWithOverflow(row, VectorUtil.dotProduct(unitQuery, vectors.get(row)));
        }
        int[] out = new int[best.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = best.pop();
        }
        return out;
    }

    /** Rows of the {@code k} best BM25 matches of distinct analysed query terms, best first. */
    public int[] keywordMatches(List<String> queryTerms, int k) {
        if (size() == 0 || queryTerms.isEmpty()) {
            return new int[0];
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        queryTerms.stream().limit(IndexSearcher.getMaxClauseCount())
                .forEach(t -> query.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD));
        return rows(search(query.build(), k));
    }

    /** IDF of a term (BM25's, never negative); a term the persona never used gets the highest IDF a term could have. */
    public float idf(String term) {
        try {
            int df = reader.docFreq(new Term(TEXT, term));
            int docs = reader.numDocs();
            return (float) Math.log(1 + (docs - df + 0.5) / (df + 0.5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For each row, the share of the query's keyword weight (sum of IDF) it contains: 1.0 when every keyword occurs
     * in it, near 0 when it only shares common words. Unknown query words count in the denominator, so a question
     * about something the persona never mentioned scores low everywhere.
     */
    public float[] coverage(List<String> queryTerms, int[] rows) {
        float[] present = new float[rows.length];
        if (queryTerms.isEmpty() || rows.length == 0) {
            return present;
        }
        Integer[] order = new Integer[rows.length];
        for (int i = 0; i < rows.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(rows[a], rows[b]));
        float total = 0;
        try {
            for (String term : queryTerms) {
                float idf = idf(term);
                total += idf;
                markRowsContaining(new BytesRef(term), rows, order, idf, present);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < present.length; i++) {
            present[i] = total == 0 ? 0 : present[i] / total;
        }
        return present;
    }

    /** Adds {@code weight} to every row (visited in ascending {@code order}) whose sentence contains the term. */
    private void markRowsContaining(BytesRef term, int[] rows, Integer[] order, float weight, float[] present)
            throws IOException {
        int next = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            int end = leaf.docBase + leaf.reader().maxDoc();
            Terms terms = leaf.reader().terms(TEXT);
            TermsEnum iterator = terms == null ? null : terms.iterator();
            PostingsEnum postings = iterator != null && iterator.seekExact(term)
                    ? iterator.postings(null, PostingsEnum.NONE) : null;
            for (; next < order.length && rows[order[next]] < end; next++) {
                int doc = rows[order[next]] - leaf.docBase;
                if (postings != null && (postings.docID() < doc ? postings.advance(doc) : postings.docID()) == doc) {
                    present[order[next]] += weight;
                }
            }
        }
    }

    private ScoreDoc[] search(org.apache.lucene.search.Query query, int k) {
        try {
            return searcher.search(query, Math.max(1, k)).scoreDocs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] rows(ScoreDoc[] hits) {
        int[] out = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
            out[i] = hits[i].doc;
        }
        return out;
    }
}
