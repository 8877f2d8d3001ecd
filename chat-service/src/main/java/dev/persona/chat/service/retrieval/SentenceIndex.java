package dev.persona.chat.service.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.NeighborQueue;

/**
 * A point-in-time view of one persona's sentences in Lucene, held in memory (see {@link SentenceWriter}, which
 * changes the index in place and opens these views): BM25 (k1 1.2, b 0.75) over the {@link SpokenTextAnalyzer}
 * terms of every sentence and, for personas of {@link #HNSW_FROM} sentences or more, an HNSW graph of their unit
 * vectors (dot product). Smaller personas are searched by an exact scan over the vectors, which is fast enough there
 * and needs no graph to be built on a miss. A row is a Lucene document id of this view; rows of deleted sentences
 * are never returned by a search.
 */
public final class SentenceIndex {
    /**
     * Sentences from which the HNSW graph is used (RetrievalBench on 2 cores, chat-service/README.md). Per query the
     * graph wins from about 2k rows, but below 10k the scan stays within a few milliseconds (2.7 ms p50 at 10k)
     * while the graph would cost seconds at every load of the persona (8-18 s for 10k rows); above it the scan
     * grows linearly (62 ms at 100k) and the graph stays under a millisecond at p50.
     */
    public static final int HNSW_FROM = 10_000;

    /**
     * How many more neighbours than asked the graph search keeps on its way (Lucene's search list is k long). At 1M
     * sentences a k-long list finds 0.78-0.84 of the true top 10, an 8k-long one 0.976 for ~2 ms more per query
     * (RetrievalBench, RECALL by beam factor).
     */
    public static final int GRAPH_BEAM = 8;

    static final String TEXT = PersonaIndex.TEXT_FIELD;
    static final String VECTOR = "vector";

    private final SentenceRow[] byDoc;
    private final int size;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final boolean graph;
    private final long luceneBytes;

    SentenceIndex(SentenceRow[] byDoc, int size, DirectoryReader reader, boolean graph, long luceneBytes) {
        this.byDoc = byDoc;
        this.size = size;
        this.luceneBytes = luceneBytes;
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
        return build(texts, vectors, analyzer, graph, 1);
    }

    /**
     * As {@link #build(List, List, SpokenTextAnalyzer, boolean)}, indexed from {@code threads} threads. Built from
     * one thread, rows follow the order of {@code texts}; from several, {@link #position(int)} maps a row back.
     */
    public static SentenceIndex build(List<String> texts, List<float[]> vectors, SpokenTextAnalyzer analyzer,
            boolean graph, int threads) {
        if (texts.size() != vectors.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + vectors.size() + " vectors");
        }
        List<SentenceRow> rows = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            rows.add(new SentenceRow("", texts.get(i), vectors.get(i), null, i));
        }
        return SentenceWriter.create(analyzer, graph).addAll(rows, threads);
    }

    /** Sentences held (deleted ones not counted). */
    public int size() {
        return size;
    }

    /** Rows of this view, deleted sentences' included: rows run from 0 to this, exclusive. */
    public int rowCount() {
        return byDoc.length;
    }

    /** The sentence at a row, or null where one was deleted. */
    SentenceRow row(int row) {
        return byDoc[row];
    }

    /** The place of a row's sentence in its chunk (in an index of bare texts: in the texts given). */
    public int position(int row) {
        return byDoc[row].position();
    }

    /** Lucene segments of this view; a graph search visits each one's graph. */
    public int segments() {
        return reader.leaves().size();
    }

    /** Whether vector search uses the HNSW graph (else an exact scan). */
    public boolean hasGraph() {
        return graph;
    }

    public float[] vector(int row) {
        return byDoc[row].vector();
    }

    /**
     * Bytes of the Lucene index files (postings, norms, vectors, graph; all on the heap) and of the writer's table
     * of sentence ids; known once built.
     */
    public long luceneBytes() {
        return luceneBytes;
    }

    /** Rows of the {@code k} nearest sentences to a unit query vector, nearest first. */
    public int[] nearest(float[] unitQuery, int k) {
        return graph ? nearestByGraph(unitQuery, k) : nearestExact(unitQuery, k);
    }

    /**
     * Approximate nearest neighbours through the HNSW graph (only for an index built with it), searched with a beam
     * of {@link #GRAPH_BEAM} times {@code k} and cut to the best {@code k}.
     */
    public int[] nearestByGraph(float[] unitQuery, int k) {
        return nearestByGraph(unitQuery, k, GRAPH_BEAM);
    }

    /** As {@link #nearestByGraph(float[], int)} with another beam factor (benchmarks). */
    public int[] nearestByGraph(float[] unitQuery, int k, int beam) {
        if (size() == 0) {
            return new int[0];
        }
        ScoreDoc[] hits = search(new KnnFloatVectorQuery(VECTOR, unitQuery, k * beam), k * beam);
        return rows(hits.length > k ? java.util.Arrays.copyOf(hits, k) : hits);
    }

    /** Exact nearest neighbours: every row scored, the best {@code k} kept in a bounded heap. */
    public int[] nearestExact(float[] unitQuery, int k) {
        int n = Math.min(k, size());
        NeighborQueue best = new NeighborQueue(Math.max(1, n), false);
        for (int row = 0; row < byDoc.length; row++) {
            if (byDoc[row] != null) {
                best.insertWithOverflow(row, VectorUtil.dotProduct(unitQuery, byDoc[row].vector()));
            }
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
