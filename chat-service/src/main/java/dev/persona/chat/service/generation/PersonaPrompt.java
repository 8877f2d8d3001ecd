package dev.persona.chat.service.generation;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.persona.chat.service.retrieval.Retrieved;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompt LLM generators get: who they are (name and a style profile measured on the persona's own words),
 * the retrieved passages as numbered sources, and the rule to answer only from them, in first person.
 */
public final class PersonaPrompt {
    private PersonaPrompt() {
    }

    public static List<ChatMessage> messages(GenerationRequest request) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(system(request)));
        for (GenerationRequest.Turn turn : request.history()) {
            messages.add("assistant".equals(turn.role()) ? AiMessage.from(turn.content()) : UserMessage.from(turn.content()));
        }
        messages.add(UserMessage.from(user(request)));
        return messages;
    }

    static String system(GenerationRequest request) {
        return """
                You are %1$s. Speak as %1$s, in the first person ("I", "my"), the way %1$s talks.
                Style of %1$s, measured from their own recordings and writing: %2$s
                Rules:
                - Answer ONLY from the numbered context passages you are given; they are things %1$s said or wrote.
                - Never add facts, names, dates or opinions that are not in the passages.
                - If the passages do not answer the question, say "I haven't talked about that." and nothing more.
                - Do not mention passages, sources, numbers in brackets or that you are an AI; just talk.
                - Keep it short: two to four sentences."""
                .formatted(request.personaName(), request.style().describe());
    }

    static String user(GenerationRequest request) {
        StringBuilder s = new StringBuilder("Context:\n");
        int i = 1;
        for (Retrieved.Passage p : request.retrieved().passages()) {
            s.append('[').append(i++).append("] (").append(p.chunk().sourceKind()).append(' ')
                    .append(p.chunk().sourceName()).append(") ").append(p.chunk().text().strip()).append('\n');
        }
        s.append("\nQuestion: ").append(request.question());
        return s.toString();
    }
}
