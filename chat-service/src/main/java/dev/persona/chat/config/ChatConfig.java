package dev.persona.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "persona.chat")
public interface ChatConfig {

    /** extractive (default, no LLM), openai, ollama, gemini or llama (local GGUF). */
    @WithDefault("extractive")
    String generator();

    Retrieval retrieval();

    Llama llama();

    History history();

    Limits limits();

    /** Longest question accepted, in characters. */
    @WithDefault("2000")
    int maxMessageLength();

    interface Retrieval {
        /** Chunks cited and given to the generator. */
        @WithDefault("5")
        int topK();

        /** Candidates each ranker (vector, BM25) contributes to fusion. */
        @WithDefault("50")
        int candidates();

        /** Reciprocal rank fusion constant (Cormack et al. use 60). */
        @WithDefault("60")
        int rrfK();

        /** MMR trade-off: 1.0 = pure relevance, 0.0 = pure diversity. */
        @WithDefault("0.7")
        double mmrLambda();

        /** Cosine similarity at or above which a chunk is relevant on meaning alone. */
        @WithDefault("0.33")
        double minSimilarity();

        /** Lower cosine floor that still counts when the chunk also carries the question's keywords. */
        @WithDefault("0.22")
        double minSimilarityWithKeywords();

        /** Share of the question's keyword weight (IDF) a chunk must contain to use the lower floor. */
        @WithDefault("0.5")
        double minKeywordCoverage();

        /** Personas whose index one instance keeps in memory (least recently used are dropped). */
        @WithDefault("500")
        int maxCachedPersonas();
    }

    interface Llama {
        /** GGUF file for generator=llama. */
        Optional<String> modelPath();

        @WithDefault("2")
        int threads();

        @WithDefault("256")
        int maxTokens();
    }

    interface History {
        @WithDefault("P30D")
        Duration retention();

        /** Past turns given to LLM generators as conversation context. */
        @WithDefault("6")
        int contextTurns();
    }

    interface Limits {
        /** Chat requests one user may make per window. */
        @WithDefault("30")
        int perWindow();

        @WithDefault("PT1M")
        Duration window();

        /** Chat requests one user may make per day. */
        @WithDefault("1000")
        int perDay();
    }
}
