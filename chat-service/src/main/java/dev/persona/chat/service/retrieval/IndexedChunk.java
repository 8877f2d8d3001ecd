package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;
import java.util.List;

/**
 * A chunk with its embedding and one embedding per sentence (in sentence order), as loaded into a persona's index.
 * Vectors are kept at unit length, so a cosine is a dot product.
 */
public record IndexedChunk(Chunk chunk, float[] vector, List<float[]> sentenceVectors) {

    public IndexedChunk {
        vector = VectorMatrix.normalised(vector);
        sentenceVectors = sentenceVectors.stream().map(VectorMatrix::normalised).toList();
        if (sentenceVectors.size() != chunk.sentences().size()) {
            throw new IllegalArgumentException("chunk " + chunk.id() + " has " + chunk.sentences().size()
                    + " sentences but " + sentenceVectors.size() + " sentence vectors");
        }
    }
}
