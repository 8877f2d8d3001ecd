package dev.persona.chat.service.generation;

import jakarta.enterprise.context.ApplicationScoped;

/** Placeholder until the llama package lands: generator=llama is refused at first use. */
@ApplicationScoped
public class LocalModels {
    public AnswerGenerator llama(LlmCalls calls) {
        throw new IllegalStateException("generator=llama is not wired yet");
    }
}
