package dev.persona.embed.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the ONNX model is loaded: events taken before would only wait for it. */
@Readiness
@ApplicationScoped
public class EmbeddingModelReadiness implements HealthCheck {

    @Inject
    EmbeddingEngine engine;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("embedding-model").status(engine.isLoaded())
                .withData("modelId", engine.modelId()).build();
    }
}
