package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;
import java.util.List;

/** What retrieval found for one question, with the query vector for sentence scoring downstream. */
public record Retrieved(List<Passage> passages, float[] queryVector, long embedMillis, long searchMillis,
        int indexSize) {

    /** A retrieved chunk with its cosine similarity to the question. */
    public record Passage(Chunk chunk, float similarity, float keywordCoverage) {
    }

    public boolean isEmpty() {
        return passages.isEmpty();
    }
}
