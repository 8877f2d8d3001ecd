package dev.persona.common.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * One of the jar's ONNX encoders in a session that runs each inference on its caller's thread alone: one intra-op
 * thread and no spinning. For one short text at a time from many request threads (chat's questions), or for batches
 * whose texts an executor spreads over the cores (embed-service's chunks). The library's
 * default session splits every inference over a pool of one thread per core whose threads spin while they wait for
 * work: with concurrent callers on 2 cores those pools compete for the cores that the callers, the HTTP threads and
 * the store need, and the spinning burns them (a question cost ~11-16 ms of CPU that way, ~7 ms on its caller's
 * thread alone, measured). Same model file, same tokenizer, same pooling: the vectors are the library's, bit for
 * bit.
 */
final class CallerThreadEncoder extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    private CallerThreadEncoder(OnnxBertBiEncoder encoder, Executor texts) {
        // Only embedAll of several texts uses the executor; a single text always runs on the caller's thread.
        super(texts);
        this.encoder = encoder;
    }

    /**
     * @param modelResource and {@code tokenizerResource}: the files inside the LangChain4j model jar
     * @param texts runs the texts of one {@code embedAll} ({@code Runnable::run}: all on the caller's thread); each
     *        inference still on one thread of its own, so batches use the cores without the spinning pool
     */
    static CallerThreadEncoder load(String modelResource, String tokenizerResource, PoolingMode pooling,
            Executor texts) {
        ClassLoader loader = CallerThreadEncoder.class.getClassLoader();
        try (InputStream model = resource(loader, modelResource);
                InputStream tokenizer = resource(loader, tokenizerResource);
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new CallerThreadEncoder(new OnnxBertBiEncoder(environment, session, tokenizer, pooling), texts);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + modelResource, e);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot load " + modelResource + " into ONNX Runtime", e);
        }
    }

    private static InputStream resource(ClassLoader loader, String name) throws IOException {
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path");
        }
        return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return EmbeddingModels.DIMENSION;
    }
}
