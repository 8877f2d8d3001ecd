package dev.persona.embed.service;

import dev.persona.embed.config.ChunkingConfig;
import dev.persona.embed.config.CleaningConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/**
 * The text-processing pieces are plain, immutable classes (unit-testable without Quarkus); their settings come from
 * config. Singletons: they are thread-safe and need no proxy.
 */
@ApplicationScoped
public class Producers {

    @Produces
    @Singleton
    TextCleaner textCleaner(CleaningConfig config) {
        return new TextCleaner(config.fillers(), config.keepRepeated());
    }

    @Produces
    @Singleton
    Chunker chunker(ChunkingConfig config) {
        return new Chunker(new Chunker.Params(config.maxTokens(), config.overlapSentences(),
                config.maxOverlapTokens(), config.longSentencePieceTokens()),
                new SentenceSplitter(), new WordPieceTokenCounter());
    }
}
