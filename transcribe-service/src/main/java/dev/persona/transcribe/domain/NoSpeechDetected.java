package dev.persona.transcribe.domain;

/** The recording holds no speech: a job outcome, not a fault, so it is not dead-lettered. */
public class NoSpeechDetected extends PermanentFailure {
    public static final String REASON = "no speech detected";

    public NoSpeechDetected(String detail) {
        super(REASON + ": " + detail);
    }
}
