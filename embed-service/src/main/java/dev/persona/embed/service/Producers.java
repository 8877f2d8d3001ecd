package dev.persona.embed.service;

import dev.persona.common.text.SentenceSplitter;
import dev.persona.embed.config.ChunkingConfig;
import dev.persona.embed.config.CleaningConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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

    /** Bad chunking settings stop the service at startup instead of dead-lettering every event. */
    void validateOnStart(@Observes StartupEvent event, Chunker chunker, TextCleaner cleaner) {
        chunker.params();
    }

    @Produces
    @Singleton
    Chunker chunker(ChunkingConfig config) {
        return new Chunker(new Chunker.Params(config.maxTokens(), config.overlapSentences(),
                config.maxOverlapTokens(), config.longSentencePieceTokens()),
                new SentenceSplitter(), new WordPieceTokenCounter());
    }
}
