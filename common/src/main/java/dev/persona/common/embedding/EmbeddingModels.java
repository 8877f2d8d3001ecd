package dev.persona.common.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * The in-process ONNX sentence encoders (model and tokenizer inside their Maven jars, nothing downloaded), by the id
 * stored with every chunk. embed-service encodes memory with it and chat-service encodes questions with the same
 * one, so the two must agree on the model and on how a question is phrased to it: BGE models are trained with an
 * instruction before queries, MiniLM with none. Every model here has 384 dimensions.
 */
public enum EmbeddingModels {
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "", "all-minilm-l6-v2-q", PoolingMode.MEAN),
    BGE_SMALL_EN_V15_Q("bge-small-en-v15-q", "Represent this sentence for searching relevant passages: ",
            "bge-small-en-v1.5-q", PoolingMode.CLS);

    public static final int DIMENSION = 384;

    private final String id;
    private final String queryInstruction;
    /** The model jar's files ({@code <name>.onnx}, {@code <name>-tokenizer.json}) and pooling. */
    private final String jarName;
    private final PoolingMode pooling;

    EmbeddingModels(String id, String queryInstruction, String jarName, PoolingMode pooling) {
        this.id = id;
        this.queryInstruction = queryInstruction;
        this.jarName = jarName;
        this.pooling = pooling;
    }

    public String id() {
        return id;
    }

    /** The text to embed for a question, so that it meets passages where the model was trained to. */
    public String asQuery(String question) {
        return queryInstruction + question;
    }

    /** @param executor runs the model's parallel inference; null for the library's default pool */
    public EmbeddingModel load(Executor executor) {
        return switch (this) {
            case ALL_MINILM_L6_V2_Q -> executor == null ? new AllMiniLmL6V2QuantizedEmbeddingModel()
                    : new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
            case BGE_SMALL_EN_V15_Q -> executor == null ? new BgeSmallEnV15QuantizedEmbeddingModel()
                    : new BgeSmallEnV15QuantizedEmbeddingModel(executor);
        };
    }

    /**
     * The same model, each call run on its caller's thread with one ONNX Runtime thread and no spin-waiting: for
     * one text at a time from many concurrent callers (questions), where the default session's per-core thread
     * pool competes with them for the cores ({@link CallerThreadEncoder}). The same vectors as {@link #load}, bit
     * for bit.
     */
    public EmbeddingModel loadOnCallerThreads() {
        return loadOnThreads(Runnable::run);
    }

    /**
     * The same model for batches: the texts of one {@code embedAll} run in parallel over {@code texts}, each
     * inference on one thread with no spin-waiting ({@link CallerThreadEncoder}), so a batch uses the cores without
     * the library's pool spinning on them after it, where transcription or chat need them (EmbedBench compares the
     * two). The same vectors as {@link #load}, bit for bit.
     */
    public EmbeddingModel loadOnThreads(Executor texts) {
        return CallerThreadEncoder.load(jarName + ".onnx", jarName + "-tokenizer.json", pooling, texts);
    }

    public static EmbeddingModels byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown embedding model '" + id + "'; known: "
                        + Arrays.stream(values()).map(EmbeddingModels::id).toList()));
    }
}
