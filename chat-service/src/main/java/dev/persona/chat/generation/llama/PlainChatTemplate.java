package dev.persona.chat.generation.llama;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The prompt layout used when a model file carries no {@code tokenizer.chat_template}:
 *
 * <pre>
 * {all system messages, joined by a blank line}
 *
 * User: {text}
 * Assistant: {text}
 * User: {text}
 * Assistant:</pre>
 *
 * <p>Plain role labels work passably with base models that never saw a chat format, and generation stops when the
 * model starts a new turn on its own ({@link #STOP_SEQUENCES}).
 */
final class PlainChatTemplate {

    static final List<String> STOP_SEQUENCES = List.of("\nUser:", "\nAssistant:");

    private PlainChatTemplate() {
    }

    static String render(List<ChatTurn> turns) {
        StringBuilder prompt = new StringBuilder();
        String system = turns.stream().filter(t -> t.role() == ChatTurn.Role.SYSTEM).map(ChatTurn::text)
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) {
            prompt.append(system).append("\n\n");
        }
        for (ChatTurn turn : turns) {
            switch (turn.role()) {
                case USER -> prompt.append("User: ").append(turn.text().strip()).append('\n');
                case ASSISTANT -> prompt.append("Assistant: ").append(turn.text().strip()).append('\n');
                case SYSTEM -> {
                    // already placed first
                }
            }
        }
        return prompt.append("Assistant:").toString();
    }
}
