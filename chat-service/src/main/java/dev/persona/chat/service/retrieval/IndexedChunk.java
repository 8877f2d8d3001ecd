package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;
import java.util.List;
import org.apache.lucene.util.VectorUtil;

/**
 * A chunk with its embedding and one embedding per sentence (in sentence order), as loaded into a persona's index.
 * Vectors are kept at unit length, so a cosine is a dot product.
 */
public record IndexedChunk(Chunk chunk, float[] vector, List<float[]> sentenceVectors) {

    public IndexedChunk {
        vector = unit(vector);
        sentenceVectors = sentenceVectors.stream().map(IndexedChunk::unit).toList();
        if (sentenceVectors.size() != chunk.sentences().size()) {
            throw new IllegalArgumentException("chunk " + chunk.id() + " has " + chunk.sentences().size()
                    + " sentences but " + sentenceVectors.size() + " sentence vectors");
        }
    }

    /** A copy of {@code v} at unit length (a zero vector stays zero), so cosine is a dot product. */
    public static float[] unit(float[] v) {
        return VectorUtil.l2normalize(v.clone(), false);
    }
}
