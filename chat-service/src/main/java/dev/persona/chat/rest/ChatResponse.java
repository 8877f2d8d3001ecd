package dev.persona.chat.rest;

import dev.persona.chat.domain.Citation;
import dev.persona.chat.domain.Timings;
import java.util.List;

public record ChatResponse(String answer, String sessionId, List<Citation> citations, Timings timings) {
}
