package dev.persona.transcribe.engine;

import dev.persona.transcribe.domain.PermanentFailure;

/** The configured engine cannot run here (binary or model missing, bad model): a configuration error. */
public class EngineUnavailable extends PermanentFailure {
    public EngineUnavailable(String reason) {
        super(reason);
    }

    public EngineUnavailable(String reason, Throwable cause) {
        super(reason, cause);
    }
}
