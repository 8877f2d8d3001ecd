package dev.persona.chat.service.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hybrid retrieval over one {@link PersonaIndex}: exact vector scan and BM25 each nominate candidates, reciprocal
 * rank fusion merges the two rankings without calibrating their scores against each other, a relevance gate drops
 * candidates that are neither close in meaning nor share the question's keywords, and maximal marginal relevance
 * picks the final k so near-duplicate chunks (overlapping windows of one recording) do not crowd out other sources.
 */
public final class HybridSearch {

    public record Params(int topK, int candidates, int rrfK, double mmrLambda, double minSimilarity,
            double minSimilarityWithKeywords, double minKeywordCoverage) {
        public static Params defaults() {
            return new Params(5, 50, 60, 0.7, 0.33, 0.22, 0.5);
        }
    }

    /** One retrieved chunk: its row, cosine similarity to the question, keyword coverage and fused score. */
    public record Hit(int row, float similarity, float keywordCoverage, double fused) {
    }

    private HybridSearch() {
    }

    public static List<Hit> search(PersonaIndex index, float[] queryVector, String question, Params p) {
        if (index.size() == 0) {
            return List.of();
        }
        float[] q = VectorMatrix.normalised(queryVector);
        List<String> terms = Bm25Index.queryTerms(question);
        int[] byVector = index.vectors().nearest(q, p.candidates()).idsDescending();
        int[] byKeywords = index.bm25().search(terms, p.candidates()).idsDescending();

        Map<Integer, Double> fused = new HashMap<>();
        for (int rank = 0; rank < byVector.length; rank++) {
            fused.merge(byVector[rank], 1.0 / (p.rrfK() + rank + 1), Double::sum);
        }
        for (int rank = 0; rank < byKeywords.length; rank++) {
            fused.merge(byKeywords[rank], 1.0 / (p.rrfK() + rank + 1), Double::sum);
        }

        List<Hit> relevant = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : fused.entrySet()) {
            int row = e.getKey();
            float sim = index.vectors().dot(q, row);
            float coverage = index.bm25().coverage(terms, row);
            if (isRelevant(sim, coverage, p)) {
                relevant.add(new Hit(row, sim, coverage, e.getValue()));
            }
        }
        relevant.sort((a, b) -> a.fused() != b.fused() ? Double.compare(b.fused(), a.fused())
                : Integer.compare(a.row(), b.row()));
        return mmr(index, relevant, p);
    }

    static boolean isRelevant(float similarity, float coverage, Params p) {
        return similarity >= p.minSimilarity()
                || (similarity >= p.minSimilarityWithKeywords() && coverage >= p.minKeywordCoverage());
    }

    private static List<Hit> mmr(PersonaIndex index, List<Hit> candidates, Params p) {
        List<Hit> selected = new ArrayList<>();
        if (candidates.isEmpty()) {
            return selected;
        }
        double best = candidates.get(0).fused();
        List<Hit> pool = new ArrayList<>(candidates);
        while (selected.size() < p.topK() && !pool.isEmpty()) {
            Hit choice = null;
            double choiceScore = Double.NEGATIVE_INFINITY;
            for (Hit h : pool) {
                double redundancy = 0;
                for (Hit s : selected) {
                    redundancy = Math.max(redundancy, index.vectors().dot(h.row(), s.row()));
                }
                double score = p.mmrLambda() * (h.fused() / best) - (1 - p.mmrLambda()) * redundancy;
                if (score > choiceScore) {
                    choiceScore = score;
                    choice = h;
                }
            }
            selected.add(choice);
            pool.remove(choice);
        }
        return selected;
    }
}
