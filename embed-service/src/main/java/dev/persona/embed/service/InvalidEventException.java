package dev.persona.embed.service;

/** An event that can never succeed as sent (missing ids, ids that contradict the stored transcript); not retried. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }
}
