package dev.persona.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "persona.embedding")
public interface EmbeddingConfig {

    /** Only chunks embedded with this model are served, so a re-embed after a model change switches over cleanly. */
    @WithName("model")
    @WithDefault("bge-small-en-v15-q")
    String modelId();
}
