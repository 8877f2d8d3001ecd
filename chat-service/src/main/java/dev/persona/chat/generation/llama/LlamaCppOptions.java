package dev.persona.chat.generation.llama;

/**
 * How a {@link LlamaCppChatModel} runs its model.
 *
 * @param threads CPU threads llama.cpp uses for prompt processing and generation
 * @param maxTokens hard limit of generated tokens per answer; a request may ask for fewer, never more
 * @param contextSize tokens of context (prompt plus answer) to allocate; capped at the model's trained context.
 *        The KV cache grows with it, so it is set explicitly rather than taken from the model (often 32k-128k)
 * @param temperature sampling temperature when a request sets none; 0 samples greedily
 * @param seed sampling seed; -1 draws a new one per request, any other value makes output repeatable
 * @param nativeLogging let llama.cpp write its own log (model loading, per-request timings) to stdout; off by
 *        default because it is verbose and bypasses the application's logging
 */
public record LlamaCppOptions(int threads, int maxTokens, int contextSize, double temperature, int seed,
        boolean nativeLogging) {

    public static final int DEFAULT_CONTEXT_SIZE = 4096;
    public static final double DEFAULT_TEMPERATURE = 0.7;
    public static final int RANDOM_SEED = -1;

    public LlamaCppOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        if (contextSize < 64) {
            throw new IllegalArgumentException("contextSize must be at least 64 tokens, was " + contextSize);
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
        }
        if (seed < -1) {
            throw new IllegalArgumentException("seed must be -1 (random) or non-negative, was " + seed);
        }
    }

    /** Defaults for everything but threads and the token limit. */
    public static LlamaCppOptions of(int threads, int maxTokens) {
        return new LlamaCppOptions(threads, maxTokens, DEFAULT_CONTEXT_SIZE, DEFAULT_TEMPERATURE, RANDOM_SEED, false);
    }

    public LlamaCppOptions withContextSize(int value) {
        return new LlamaCppOptions(threads, maxTokens, value, temperature, seed, nativeLogging);
    }

    public LlamaCppOptions withTemperature(double value) {
        return new LlamaCppOptions(threads, maxTokens, contextSize, value, seed, nativeLogging);
    }

    public LlamaCppOptions withSeed(int value) {
        return new LlamaCppOptions(threads, maxTokens, contextSize, temperature, value, nativeLogging);
    }

    public LlamaCppOptions withNativeLogging(boolean value) {
        return new LlamaCppOptions(threads, maxTokens, contextSize, temperature, seed, value);
    }
}
