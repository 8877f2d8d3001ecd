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

    /** Text for {@code /speech}: not blank (400), at most {@code persona.chat.voice.max-text-length} characters (413). */
    public String speechText(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "'text' must not be blank.");
        }
        int max = config.voice().maxTextLength();
        if (text.length() > max) {
            throw tooLarge("'text' has " + text.length() + " characters; at most " + max
                    + " are spoken (persona.chat.voice.max-text-length).");
        }
        return text.strip();
    }

    /** Message ids are ours (UUIDs); anything else names no message. */
    public boolean plausibleMessageId(String messageId) {
        return messageId != null && SESSION_ID.matcher(messageId).matches();
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
