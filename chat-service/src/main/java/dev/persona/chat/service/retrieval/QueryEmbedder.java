package dev.persona.chat.service.retrieval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.persona.chat.config.EmbeddingConfig;
import dev.persona.common.embedding.EmbeddingModels;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Embeds questions with the same in-process ONNX model that embed-service used for the chunks (the configured model
 * id), phrased as that model expects a query. Loaded at startup (~1 s) so the first question is not slow.
 */
@Startup
@ApplicationScoped
public class QueryEmbedder {
    @Inject
    EmbeddingConfig config;

    private EmbeddingModels kind;
    private EmbeddingModel model;

    @PostConstruct
    void load() {
        kind = EmbeddingModels.byId(config.modelId());
        model = kind.load(null);
    }

    /** A question's vector. Blocking; call from a worker thread. */
    public float[] embed(String question) {
        return model.embed(kind.asQuery(question)).content().vector();
    }

    public Uni<float[]> embedAsync(String text) {
        return Uni.createFrom().item(() -> embed(text)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
