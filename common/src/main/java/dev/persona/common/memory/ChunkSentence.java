package dev.persona.common.memory;

/**
 * One sentence of a chunk: its span of the chunk's text ({@code start} inclusive, {@code end} exclusive), the seconds
 * it was said at (recordings) or its page (documents), and its own embedding, so chat can find and cite one sentence
 * of a long recording instead of the whole chunk.
 */
public record ChunkSentence(int start, int end, Double startSec, Double endSec, Integer page, float[] vector) {

    public ChunkSentence {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad sentence span [" + start + ", " + end + ")");
        }
    }

    public String textOf(String chunkText) {
        return chunkText.substring(start, Math.min(end, chunkText.length()));
    }

    public ChunkSentence withVector(float[] v) {
        return new ChunkSentence(start, end, startSec, endSec, page, v);
    }
}
