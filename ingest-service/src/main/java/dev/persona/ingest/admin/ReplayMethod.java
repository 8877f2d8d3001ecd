package dev.persona.ingest.admin;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;

/** How a replay reaches the stage. Both go through Kafka only; services are never called. */
public enum ReplayMethod {
    /**
     * Re-emit the stage's input events from the store (MongoDB), keyed by persona id with the original ids: works
     * for one persona or all, whatever the topics' retention, while the stage runs.
     */
    reemit,
    /**
     * Reset the stage's consumer group to the earliest offsets of its input topic (Kafka Admin API): every persona,
     * only what the topic still holds, and only while the stage is stopped (Kafka refuses to move an active group).
     */
    offsets;

    static ReplayMethod parse(String value) {
        if (value == null) {
            return reemit;
        }
        for (ReplayMethod method : values()) {
            if (method.name().equals(value)) {
                return method;
            }
        }
        throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "'method' must be 'reemit' or 'offsets'.");
    }
}
