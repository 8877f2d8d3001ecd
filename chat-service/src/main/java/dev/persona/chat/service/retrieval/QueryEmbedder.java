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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Embeds questions with the same in-process ONNX model that embed-service used for the persona's chunks, phrased as
 * that model expects a query. The configured model is loaded at startup (~1 s) so the first question is not slow;
 * another one only while some persona is still served from it during a model switch ({@link ModelChoice}), on its
 * first question.
 */
@Startup
@ApplicationScoped
public class QueryEmbedder {
    private static final Logger LOG = Logger.getLogger(QueryEmbedder.class);

    @Inject
    EmbeddingConfig config;

    private record Loaded(EmbeddingModels kind, EmbeddingModel model) {
    }

    private final Map<String, Loaded> models = new ConcurrentHashMap<>();

    @PostConstruct
    void load() {
        loaded(config.modelId());
    }

    /** A question's vector for the configured model. Blocking; call from a worker thread. */
    public float[] embed(String question) {
        return embed(question, null);
    }

    /** A question's vector for chunks of {@code modelId} (null: the configured model). Blocking. */
    public float[] embed(String question, String modelId) {
        Loaded loaded = loaded(modelId == null ? config.modelId() : modelId);
        return loaded.model().embed(loaded.kind().asQuery(question)).content().vector();
    }

    public Uni<float[]> embedAsync(String text) {
        return embedAsync(text, null);
    }

    public Uni<float[]> embedAsync(String text, String modelId) {
        return Uni.createFrom().item(() -> embed(text, modelId)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Loaded loaded(String modelId) {
        return models.computeIfAbsent(modelId, id -> {
            long started = System.nanoTime();
            EmbeddingModels kind = EmbeddingModels.byId(id);
            // Questions come one at a time from many worker threads: each embeds on its own thread (see
            // EmbeddingModels.loadOnCallerThreads), rather than all sharing ONNX Runtime's spinning per-core pool.
            Loaded loaded = new Loaded(kind, kind.loadOnCallerThreads());
            LOG.infof("Question encoder %s loaded in %d ms", id, (System.nanoTime() - started) / 1_000_000);
            return loaded;
        });
    }
}
