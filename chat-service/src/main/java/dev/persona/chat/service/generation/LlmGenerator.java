package dev.persona.chat.service.generation;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.smallrye.mutiny.Multi;

/** An LLM-backed generator (remote provider or local GGUF); nothing relevant still means the fixed refusal. */
public final class LlmGenerator implements AnswerGenerator {
    private final String name;
    private final ChatModel chat;
    private final StreamingChatModel streaming;
    private final LlmCalls calls;

    public LlmGenerator(String name, ChatModel chat, StreamingChatModel streaming, LlmCalls calls) {
        this.name = name;
        this.chat = chat;
        this.streaming = streaming;
        this.calls = calls;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Multi<String> stream(GenerationRequest request) {
        if (request.retrieved().isEmpty()) {
            // The model is never asked without grounding: it could only make something up.
            return Tokens.stream(ExtractiveComposer.NOTHING_RELEVANT);
        }
        if (streaming != null) {
            return calls.stream(streaming, request);
        }
        return calls.complete(chat, request).onItem().transformToMulti(Tokens::stream);
    }
}
