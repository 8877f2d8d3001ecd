package dev.persona.chat.service.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Okapi BM25 over a persona's chunks (k1 = 1.2, b = 0.75, Lucene's non-negative IDF). Postings are primitive
 * arrays; scoring accumulates into one float array per query, so cost grows with the postings of the query terms,
 * not with the corpus.
 */
public final class Bm25Index {
    private static final float K1 = 1.2f;
    private static final float B = 0.75f;

    private final int docs;
    private final int[] lengths;
    private final float avgLength;
    private final Map<String, Postings> postings;
    private final long approximateBytes;

    private record Postings(int[] docIds, int[] freqs) {
    }

    private Bm25Index(int docs, int[] lengths, float avgLength, Map<String, Postings> postings) {
        this.docs = docs;
        this.lengths = lengths;
        this.avgLength = avgLength;
        this.postings = postings;
        long bytes = IndexFootprint.ints(lengths.length) + 64;
        for (Map.Entry<String, Postings> e : postings.entrySet()) {
            bytes += IndexFootprint.postings(e.getKey(), e.getValue().docIds.length);
        }
        this.approximateBytes = bytes;
    }

    public static Bm25Index build(List<String> texts) {
        return build(texts, Keywords.plain());
    }

    public static Bm25Index build(List<String> texts, Keywords keywords) {
        int n = texts.size();
        int[] lengths = new int[n];
        Map<String, List<int[]>> raw = new HashMap<>();
        long total = 0;
        for (int d = 0; d < n; d++) {
            List<String> terms = keywords.terms(texts.get(d));
            lengths[d] = terms.size();
            total += terms.size();
            Map<String, Integer> tf = new HashMap<>();
            for (String t : terms) {
                tf.merge(t, 1, Integer::sum);
            }
            for (Map.Entry<String, Integer> e : tf.entrySet()) {
                raw.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new int[] {d, e.getValue()});
            }
        }
        Map<String, Postings> postings = new HashMap<>(raw.size() * 2);
        raw.forEach((term, list) -> {
            int[] ids = new int[list.size()];
            int[] freqs = new int[list.size()];
            for (int i = 0; i < list.size(); i++) {
                ids[i] = list.get(i)[0];
                freqs[i] = list.get(i)[1];
            }
            postings.put(term, new Postings(ids, freqs));
        });
        return new Bm25Index(n, lengths, n == 0 ? 0 : (float) total / n, postings);
    }

    public int size() {
        return docs;
    }

    /** Heap the postings and document lengths take, approximately (see {@link IndexFootprint}). */
    public long approximateBytes() {
        return approximateBytes;
    }

    /** Distinct analysed terms of a query, in order of first appearance (plain keywords). */
    public static List<String> queryTerms(String query) {
        return Keywords.plain().queryTerms(query);
    }

    /** IDF of a term; a term the persona never used gets the highest IDF a term could have. */
    public float idf(String term) {
        Postings p = postings.get(term);
        int df = p == null ? 0 : p.docIds.length;
        return (float) Math.log(1 + (docs - df + 0.5) / (df + 0.5));
    }

    public TopK search(List<String> queryTerms, int k) {
        TopK top = new TopK(k);
        if (docs == 0 || queryTerms.isEmpty()) {
            return top;
        }
        float[] acc = new float[docs];
        boolean[] hit = new boolean[docs];
        for (String term : queryTerms) {
            Postings p = postings.get(term);
            if (p == null) {
                continue;
            }
            float idf = idf(term);
            for (int i = 0; i < p.docIds.length; i++) {
                int d = p.docIds[i];
                float tf = p.freqs[i];
                float norm = K1 * (1 - B + B * lengths[d] / Math.max(1f, avgLength));
                acc[d] += idf * (tf * (K1 + 1)) / (tf + norm);
                hit[d] = true;
            }
        }
        for (int d = 0; d < docs; d++) {
            if (hit[d] && top.accepts(acc[d])) {
                top.offer(d, acc[d]);
            }
        }
        return top;
    }

    /**
     * Share of the query's keyword weight (sum of IDF) that a document contains: 1.0 when every keyword occurs in
     * it, near 0 when it only shares common words. Unknown query words count in the denominator, so a question
     * about something the persona never mentioned scores low everywhere.
     */
    public float coverage(List<String> queryTerms, int doc) {
        if (queryTerms.isEmpty()) {
            return 0;
        }
        float total = 0;
        float present = 0;
        for (String term : queryTerms) {
            float idf = idf(term);
            total += idf;
            Postings p = postings.get(term);
            if (p != null && contains(p.docIds, doc)) {
                present += idf;
            }
        }
        return total == 0 ? 0 : present / total;
    }

    public Set<String> vocabulary() {
        return postings.keySet();
    }

    private static boolean contains(int[] sortedIds, int doc) {
        return java.util.Arrays.binarySearch(sortedIds, doc) >= 0;
    }
}
