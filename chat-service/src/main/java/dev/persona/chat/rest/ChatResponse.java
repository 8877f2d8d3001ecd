package dev.persona.chat.rest;

import dev.persona.chat.domain.Citation;
import dev.persona.chat.domain.Timings;
import java.util.List;

/**
 * {@code refused}: nothing the persona said or wrote answers the question, so the answer says so and cites nothing.
 * {@code audioUrl}: the answer spoken (the cited recordings' own audio, synthesised speech for the rest).
 */
public record ChatResponse(String answer, String sessionId, List<Citation> citations, boolean refused,
        Timings timings, String messageId, String audioUrl) {

    public static ChatResponse of(String personaId, String answer, String sessionId, List<Citation> citations,
            Timings timings, String messageId) {
        return new ChatResponse(answer, sessionId, citations, citations.isEmpty(), timings, messageId,
                audioUrl(personaId, messageId));
    }

    /** Where a stored answer's audio is served; null for an answer that was not stored. */
    public static String audioUrl(String personaId, String messageId) {
        return messageId == null ? null : "/personas/" + personaId + "/chat/messages/" + messageId + "/audio";
    }
}
