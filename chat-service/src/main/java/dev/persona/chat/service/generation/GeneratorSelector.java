package dev.persona.chat.service.generation;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.persona.chat.config.ChatConfig;
import io.quarkiverse.langchain4j.ModelName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Chooses the answer generator from {@code persona.chat.generator}. Provider models are only resolved when
 * selected, so an unselected provider is never contacted, nor its configuration required.
 * <ul>
 * <li>{@code extractive} (default): no LLM.</li>
 * <li>{@code openai}: any OpenAI-compatible server (vLLM, llama.cpp server, Ollama's /v1), the default Quarkus
 * LangChain4j model ({@code quarkus.langchain4j.openai.*}).</li>
 * <li>{@code ollama}: the model named {@code persona-ollama} ({@code quarkus.langchain4j.ollama.persona-ollama.*}).</li>
 * <li>{@code gemini}: the model named {@code persona-gemini} ({@code quarkus.langchain4j.ai.gemini.persona-gemini.*}).</li>
 * <li>{@code llama}: a local GGUF file through java-llama.cpp ({@code persona.chat.llama.model-path}).</li>
 * </ul>
 */
@ApplicationScoped
public class GeneratorSelector {
    private static final Logger LOG = Logger.getLogger(GeneratorSelector.class);

    @Inject
    ChatConfig config;

    @Inject
    ExtractiveGenerator extractive;

    @Inject
    LlmCalls calls;

    @Inject
    LocalModels localModels;

    @Inject
    Instance<ChatModel> openAiChat;

    @Inject
    Instance<StreamingChatModel> openAiStreaming;

    @Inject
    @ModelName("persona-ollama")
    Instance<ChatModel> ollamaChat;

    @Inject
    @ModelName("persona-ollama")
    Instance<StreamingChatModel> ollamaStreaming;

    @Inject
    @ModelName("persona-gemini")
    Instance<ChatModel> geminiChat;

    @Inject
    @ModelName("persona-gemini")
    Instance<StreamingChatModel> geminiStreaming;

    private volatile AnswerGenerator active;

    public AnswerGenerator active() {
        AnswerGenerator current = active;
        if (current == null) {
            synchronized (this) {
                if (active == null) {
                    active = create(config.generator().trim().toLowerCase(Locale.ROOT));
                    LOG.infof("Answer generator: %s", active.name());
                }
                current = active;
            }
        }
        return current;
    }

    private AnswerGenerator create(String name) {
        return switch (name) {
            case "extractive" -> extractive;
            case "openai" -> new LlmGenerator(name, openAiChat.get(), openAiStreaming.get(), calls);
            case "ollama" -> new LlmGenerator(name, ollamaChat.get(), ollamaStreaming.get(), calls);
            case "gemini" -> new LlmGenerator(name, geminiChat.get(), geminiStreaming.get(), calls);
            case "llama" -> localModels.llama(calls);
            default -> throw new IllegalStateException("persona.chat.generator must be extractive, openai, ollama, "
                    + "gemini or llama, not '" + name + "'");
        };
    }
}
