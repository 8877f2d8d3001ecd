package dev.persona.chat.service.generation;

import io.smallrye.mutiny.Multi;

/** Produces the persona's answer as a stream of text pieces; joined, the pieces are the whole answer. */
public interface AnswerGenerator {

    String name();

    Multi<String> stream(GenerationRequest request);
}
