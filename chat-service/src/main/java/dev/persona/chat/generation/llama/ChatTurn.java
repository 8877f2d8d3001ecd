package dev.persona.chat.generation.llama;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One text turn of a conversation, the only kind a llama.cpp prompt can hold. */
record ChatTurn(Role role, String text) {

    enum Role {
        SYSTEM, USER, ASSISTANT
    }

    /**
     * Turns LangChain4j messages into text turns.
     *
     * @throws UnsupportedFeatureException for images, audio, tool calls and tool results
     * @throws InvalidRequestException for an empty conversation
     */
    static List<ChatTurn> from(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw new InvalidRequestException("a chat request needs at least one message");
        }
        List<ChatTurn> turns = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            if (message instanceof SystemMessage system) {
                turns.add(new ChatTurn(Role.SYSTEM, system.text()));
            } else if (message instanceof UserMessage user) {
                turns.add(new ChatTurn(Role.USER, userText(user)));
            } else if (message instanceof AiMessage ai) {
                if (ai.hasToolExecutionRequests()) {
                    throw new UnsupportedFeatureException("tool calls are not supported by the llama.cpp chat model");
                }
                turns.add(new ChatTurn(Role.ASSISTANT, ai.text() == null ? "" : ai.text()));
            } else {
                throw new UnsupportedFeatureException(message.type() + " messages are not supported by the llama.cpp"
                        + " chat model (text system, user and AI messages only)");
            }
        }
        return turns;
    }

    private static String userText(UserMessage user) {
        if (user.hasSingleText()) {
            return user.singleText();
        }
        for (Content content : user.contents()) {
            if (!(content instanceof TextContent)) {
                throw new UnsupportedFeatureException(content.type() + " content is not supported by the llama.cpp"
                        + " chat model (text only)");
            }
        }
        return user.contents().stream().map(c -> ((TextContent) c).text()).collect(Collectors.joining("\n"));
    }
}
