package dev.persona.chat.rest;

/** Body of {@code POST /personas/{id}/speech}: the text to speak in the persona's voice. */
public record SpeechRequest(String text) {
}
