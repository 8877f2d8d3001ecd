package dev.persona.chat.service.retrieval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Embeds questions (and candidate answer sentences) with the same quantised all-MiniLM-L6-v2 ONNX model that
 * embed-service used for the chunks, in-process. Loaded at startup (~1 s) so the first question is not slow.
 */
@Startup
@ApplicationScoped
public class QueryEmbedder {
    private EmbeddingModel model;

    @PostConstruct
    void load() {
        model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    /** Blocking; call from a worker thread. */
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    /** Blocking; call from a worker thread. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(Embedding::vector).toList();
    }

    public Uni<float[]> embedAsync(String text) {
        return Uni.createFrom().item(() -> embed(text)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
