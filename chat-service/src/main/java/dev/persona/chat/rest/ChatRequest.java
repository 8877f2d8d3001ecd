package dev.persona.chat.rest;

/** Body of {@code POST /personas/{id}/chat}; Jackson rejects objects or arrays (e.g. NoSQL operators) as 400. */
public record ChatRequest(String message, String sessionId) {
}
