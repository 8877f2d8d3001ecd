package dev.persona.chat.service.generation;

import dev.persona.chat.config.ChatConfig;
import dev.persona.chat.generation.llama.LlamaCppChatModel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the user-supplied GGUF model for {@code persona.chat.generator=llama}, once, and closes it on shutdown. */
@ApplicationScoped
public class LocalModels {

    @Inject
    ChatConfig config;

    private LlamaCppChatModel llama;

    public synchronized AnswerGenerator llama(LlmCalls calls) {
        if (llama == null) {
            Path file = Path.of(config.llama().modelPath().orElseThrow(() -> new IllegalStateException(
                    "persona.chat.generator=llama needs persona.chat.llama.model-path (a GGUF file)")));
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("GGUF model not readable: " + file);
            }
            llama = LlamaCppChatModel.open(file, config.llama().threads(), config.llama().maxTokens());
        }
        return new LlmGenerator("llama", llama, llama, calls);
    }

    @PreDestroy
    synchronized void close() {
        if (llama != null) {
            llama.close();
            llama = null;
        }
    }
}
