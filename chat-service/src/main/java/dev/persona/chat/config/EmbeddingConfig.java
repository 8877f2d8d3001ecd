package dev.persona.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "persona.embedding")
public interface EmbeddingConfig {

    /** Only chunks embedded with this model are served, so a re-embed after a model change switches over cleanly. */
    @WithDefault("bge-small-en-v15-q")
    String modelId();
}
