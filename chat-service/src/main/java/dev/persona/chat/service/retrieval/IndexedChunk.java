package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;

/** A chunk with its embedding, as loaded into a persona's index. */
public record IndexedChunk(Chunk chunk, float[] vector) {
}
