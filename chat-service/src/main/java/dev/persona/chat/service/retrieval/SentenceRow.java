package dev.persona.chat.service.retrieval;

/**
 * One sentence as a {@link SentenceIndex} holds it: its source (the unit of replacement), its text and unit vector,
 * and where it came from ({@code chunk} and its {@code position} there; null chunk for indexes of bare texts).
 */
record SentenceRow(String sourceId, String text, float[] vector, IndexedChunk chunk, int position) {
}
