package dev.persona.transcribe.health;

import dev.persona.transcribe.engine.EngineUnavailable;
import dev.persona.transcribe.engine.SpeechEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the configured engine cannot run (decoder binary or model missing). */
@Readiness
@ApplicationScoped
public class SpeechEngineHealthCheck implements HealthCheck {

    @Inject
    SpeechEngine engine;

    @Override
    public HealthCheckResponse call() {
        try {
            engine.checkReady();
            return HealthCheckResponse.named("speech-engine").withData("engine", engine.id()).up().build();
        } catch (EngineUnavailable e) {
            return HealthCheckResponse.named("speech-engine").withData("engine", engine.id())
                    .withData("reason", e.getMessage()).down().build();
        }
    }
}
