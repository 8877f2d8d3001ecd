package dev.persona.common.messaging;

/**
 * A record that is not an event of its topic's shape (not JSON, or without the ids that name its job). Nobody's job
 * can be marked, so it only goes to the dead-letter topic.
 */
public class UnreadableEvent extends RuntimeException {
    public UnreadableEvent(String topic) {
        super("Unreadable " + topic + " record: not an event of the expected shape.");
    }
}
