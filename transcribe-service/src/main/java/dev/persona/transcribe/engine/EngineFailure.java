package dev.persona.transcribe.engine;

/** One engine call failed or timed out; the job is retried. */
public class EngineFailure extends RuntimeException {
    public EngineFailure(String message) {
        super(message);
    }

    public EngineFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
