package dev.persona.transcribe.domain;

/**
 * A job failure that retrying cannot fix (unreadable audio, no speech, a misconfigured engine). Its message is the
 * reason users see on the failed job, so it is written for them.
 */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String reason) {
        super(reason);
    }

    public PermanentFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
