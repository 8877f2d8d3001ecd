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
