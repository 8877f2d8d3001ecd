package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;
import java.util.List;

/** What retrieval found for one question: passages with the sentences that made them relevant. */
public record Retrieved(List<Passage> passages, float[] queryVector, long embedMillis, long searchMillis,
        int indexSize) {

    /**
     * A retrieved chunk with its best sentence's cosine similarity and keyword coverage, every sentence of it that
     * passed the relevance gate (best first), and the cosine of each of its sentences to the question.
     */
    public record Passage(Chunk chunk, float similarity, float keywordCoverage, List<Evidence> evidence,
            float[] sentenceSimilarities) {
        public Passage {
            evidence = List.copyOf(evidence);
        }
    }

    /** A sentence of a passage ({@code position} among the chunk's sentences) with its relevance to the question. */
    public record Evidence(int position, float similarity, float keywordCoverage, double score) {
    }

    public boolean isEmpty() {
        return passages.isEmpty();
    }
}
