package dev.persona.chat.rest;

import dev.persona.chat.config.ChatConfig;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.regex.Pattern;

/** Validation of user-supplied text and ids, shared by the chat and OpenAI-compatible routes. */
@ApplicationScoped
public class InputRules {
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    @Inject
    ChatConfig config;

    public String message(String message, String field) {
        if (message == null || message.isBlank()) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "'" + field + "' must not be blank.");
        }
        if (message.length() > config.maxMessageLength()) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED,
                    "'" + field + "' is longer than " + config.maxMessageLength() + " characters.");
        }
        return message.strip();
    }

    /**
     * {@code /v1} clients resend the whole conversation: its number of messages is bounded as a size (413), like
     * the request body, since only the latest turns are used anyway.
     */
    public void conversationSize(int messages) {
        int max = config.openai().maxMessages();
        if (messages > max) {
            throw tooLarge("The conversation has " + messages + " messages; at most " + max + " messages are accepted.");
        }
    }

    /** The characters of all messages together, counted as they are read (413 as soon as the bound is passed). */
    public void conversationLength(long characters) {
        int max = config.openai().maxConversationLength();
        if (characters > max) {
            throw tooLarge("The conversation's messages hold more than " + max + " characters together.");
        }
    }

    private static ApiException tooLarge(String detail) {
        return new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large", detail);
    }

    /** Session ids are ours (UUIDs); anything else, such as an operator smuggled in a string, is refused. */
    public String sessionId(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            return null;
        }
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "'sessionId' is not a valid session id.");
        }
        return sessionId;
    }
}
