package dev.persona.chat.rest;

import dev.persona.chat.domain.Citation;
import dev.persona.chat.domain.Timings;
import java.util.List;

/** {@code refused}: nothing the persona said or wrote answers the question, so the answer says so and cites nothing. */
public record ChatResponse(String answer, String sessionId, List<Citation> citations, boolean refused,
        Timings timings) {

    public static ChatResponse of(String answer, String sessionId, List<Citation> citations, Timings timings) {
        return new ChatResponse(answer, sessionId, citations, citations.isEmpty(), timings);
    }
}
