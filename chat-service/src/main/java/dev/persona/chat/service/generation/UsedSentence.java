package dev.persona.chat.service.generation;

import dev.persona.chat.domain.Chunk;
import dev.persona.chat.service.retrieval.Retrieved;

/** A sentence an answer is built from: its passage, its position there and how relevant it was. */
public record UsedSentence(Retrieved.Passage passage, int position, float similarity, double score) {

    public Chunk.Sentence sentence() {
        return passage.chunk().sentences().get(position);
    }

    public String text() {
        return sentence().text();
    }

    public String sourceId() {
        return passage.chunk().sourceId();
    }
}
