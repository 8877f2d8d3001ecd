package dev.persona.embed.service;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.persona.common.embedding.EmbeddingModels;
import dev.persona.embed.config.EmbeddingConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The configured sentence encoder ({@link EmbeddingModels}, 384 dimensions) running in-process on ONNX Runtime;
 * model and tokenizer come from the LangChain4j jar, so nothing is downloaded. Loaded once at startup. Calls block the caller: use them from a worker
 * thread, never from the event loop.
 */
@ApplicationScoped
public class EmbeddingEngine {
    private static final Logger LOG = Logger.getLogger(EmbeddingEngine.class);
    public static final int DIMENSION = EmbeddingModels.DIMENSION;

    @Inject
    EmbeddingConfig config;

    private volatile EmbeddingModel model;
    private ExecutorService threads;

    /** An engine outside CDI, loaded at once: for the bench, which compares batching strategies in a plain JVM. */
    public static EmbeddingEngine standalone(EmbeddingConfig config) {
        EmbeddingEngine engine = new EmbeddingEngine();
        engine.config = config;
        engine.load();
        return engine;
    }

    void onStart(@Observes StartupEvent event) {
        load();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    synchronized void load() {
        if (model != null) {
            return;
        }
        long started = System.nanoTime();
        int count = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        threads = Executors.newFixedThreadPool(count, daemonThreads());
        // One ONNX thread per inference, texts in parallel over our threads: the library's own session would also
        // split each inference over a spinning per-core pool, burning the cores transcription shares (EmbedBench).
        EmbeddingModel loaded = EmbeddingModels.byId(config.modelId()).loadOnThreads(threads);
        loaded.embed("warm up"); // first inference allocates ONNX buffers; pay it before the first event
        model = loaded;
        LOG.infof("Embedding model %s loaded in %d ms (%d threads)", config.modelId(),
                (System.nanoTime() - started) / 1_000_000, count);
    }

    public boolean isLoaded() {
        return model != null;
    }

    public String modelId() {
        return config.modelId();
    }

    /** Unit-length vectors, in input order; the texts of one call run in parallel over the model's threads. */
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        if (model == null) {
            load();
        }
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            vectors.add(normalised(embedding.vector()));
        }
        return vectors;
    }

    public float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /** The model already mean-pools and normalises; normalising again makes the stored contract explicit. */
    static float[] normalised(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            return vector.clone();
        }
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] / norm);
        }
        return out;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "embedding-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
