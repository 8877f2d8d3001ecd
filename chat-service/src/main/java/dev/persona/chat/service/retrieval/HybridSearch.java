package dev.persona.chat.service.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.VectorUtil;

/**
 * Hybrid retrieval over one {@link PersonaIndex}, decided where meaning lives: in sentences. Nearest vectors (exact
 * scan or HNSW, see {@link SentenceIndex}) and BM25 over the persona's sentences each nominate candidates (so one relevant sentence in a long recording is found
 * even when its chunk as a whole is about something else); a relevance gate keeps a sentence only when it is close
 * in meaning to the question, or a little less close but carrying the question's keywords; the surviving sentences
 * are grouped into their chunks (passages), ranked by their best evidence, and maximal marginal relevance picks the
 * final k so overlapping windows of one recording do not crowd out other sources.
 */
public final class HybridSearch {

    public record Params(int topK, int candidates, int rrfK, double mmrLambda, double minSimilarity,
            double minSimilarityWithKeywords, double minKeywordCoverage, double keywordWeight) {
        public static Params defaults() {
            return new Params(5, 50, 60, 0.7, 0.45, 0.45, 0.3, 0.1);
        }
    }

    /** One sentence that passed the gate: cosine to the question, keyword coverage and the combined score. */
    public record Evidence(int sentenceRow, int position, float similarity, float keywordCoverage, double score) {
    }

    /**
     * One retrieved chunk: its row, the score that ranked it, its gated sentences (best evidence first) and the
     * cosine of every one of its sentences to the question, so an answer can judge a gated sentence's neighbours.
     */
    public record Hit(int row, float similarity, float keywordCoverage, double score, List<Evidence> evidence,
            float[] sentenceSimilarities) {
    }

    private HybridSearch() {
    }

    public static List<Hit> search(PersonaIndex index, float[] queryVector, String question, Params p) {
        if (index.size() == 0 || index.sentenceCount() == 0) {
            return List.of();
        }
        float[] q = IndexedChunk.unit(queryVector);
        List<String> terms = index.analyzer().queryTerms(question);
        SentenceIndex sentences = index.sentences();
        int[] candidates = candidates(sentences, q, terms, p);
        float[] coverage = sentences.coverage(terms, candidates);
        Map<Integer, List<Evidence>> byChunk = new LinkedHashMap<>();
        for (int i = 0; i < candidates.length; i++) {
            int sentence = candidates[i];
            float similarity = VectorUtil.dotProduct(q, sentences.vector(sentence));
            if (isRelevant(similarity, coverage[i], p)) {
                byChunk.computeIfAbsent(index.chunkOfSentence(sentence), k -> new ArrayList<>())
                        .add(new Evidence(sentence, index.positionOfSentence(sentence), similarity, coverage[i],
                                similarity + p.keywordWeight() * coverage[i]));
            }
        }
        List<Hit> relevant = new ArrayList<>(byChunk.size());
        byChunk.forEach((row, evidence) -> {
            evidence.sort(Comparator.comparingDouble(Evidence::score).reversed()
                    .thenComparingInt(Evidence::sentenceRow));
            Evidence best = evidence.get(0);
            relevant.add(new Hit(row, best.similarity(), best.keywordCoverage(), best.score(), List.copyOf(evidence),
                    similarities(index.entries().get(row), q)));
        });
        relevant.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::row));
        return mmr(index, relevant, p);
    }

    /**
     * Sentence rows nominated by the vector scan or BM25, best fused (reciprocal rank) first: either ranker alone may
     * find the evidence, the paraphrase by meaning, the rare name by its word.
     */
    private static int[] candidates(SentenceIndex sentences, float[] q, List<String> terms, Params p) {
        Map<Integer, Double> fused = new HashMap<>();
        int[] byVector = sentences.nearest(q, p.candidates());
        int[] byKeywords = sentences.keywordMatches(terms, p.candidates());
        for (int rank = 0; rank < byVector.length; rank++) {
            fused.merge(byVector[rank], 1.0 / (p.rrfK() + rank + 1), Double::sum);
        }
        for (int rank = 0; rank < byKeywords.length; rank++) {
            fused.merge(byKeywords[rank], 1.0 / (p.rrfK() + rank + 1), Double::sum);
        }
        List<Integer> rows = new ArrayList<>(fused.keySet());
        rows.sort((a, b) -> fused.get(a).equals(fused.get(b)) ? Integer.compare(a, b)
                : Double.compare(fused.get(b), fused.get(a)));
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] similarities(IndexedChunk chunk, float[] q) {
        float[] out = new float[chunk.sentenceVectors().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = VectorUtil.dotProduct(q, chunk.sentenceVectors().get(i));
        }
        return out;
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
        double best = candidates.get(0).score();
        List<Hit> pool = new ArrayList<>(candidates);
        while (selected.size() < p.topK() && !pool.isEmpty()) {
            Hit choice = null;
            double choiceScore = Double.NEGATIVE_INFINITY;
            for (Hit h : pool) {
                double redundancy = 0;
                for (Hit s : selected) {
                    redundancy = Math.max(redundancy, VectorUtil.dotProduct(index.entries().get(h.row()).vector(),
                            index.entries().get(s.row()).vector()));
                }
                double score = p.mmrLambda() * (h.score() / best) - (1 - p.mmrLambda()) * redundancy;
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
