package dev.persona.bench.grounding.api;

/** The system answered something the bench cannot go on from. */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
