package dev.persona.embed.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "persona.embedding")
public interface EmbeddingConfig {

    /**
     * Stored with every chunk and part of its id. Changing it (with a new model) and replaying
     * {@code transcript-ready} writes a second set of chunks beside the old one; chat serves only the active id.
     */
    @WithName("model")
    @WithDefault("bge-small-en-v15-q")
    String modelId();

    /** Chunks handed to the model at once; progress is reported after each batch. */
    @WithDefault("16")
    int batchSize();

    /** Threads the model spreads one batch over; 0 means one per available core. */
    @WithDefault("0")
    int threads();
}
