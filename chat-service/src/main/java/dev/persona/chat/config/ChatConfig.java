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

    Answer answer();

    Llama llama();

    History history();

    Limits limits();

    Index index();

    OpenAi openai();

    Voice voice();

    VoiceChat voiceChat();

    /** Largest JSON request body (a question, a /v1 conversation); more is 413. */
    @WithDefault("1M")
    io.quarkus.runtime.configuration.MemorySize maxBodySize();

    /** Longest question accepted, in characters. */
    @WithDefault("2000")
    int maxMessageLength();

    /**
     * The persona indexes one instance keeps in memory, bounded by their size rather than their number, so a few
     * huge personas or many small ones cannot exhaust the heap.
     */
    interface Index {
        /**
         * Most heap all held indexes may take (vectors, texts and BM25 postings, approximately): a share of the
         * maximum heap ({@code 25%}) or a size ({@code 512M}). A persona whose index alone is larger is refused
         * with 503 rather than loaded.
         */
        @WithDefault("25%")
        String maxMemory();

        /** Indexes built from MongoDB at the same time; further misses wait, so loads in flight stay bounded. */
        @WithDefault("2")
        int concurrentLoads();

        /**
         * Threads one load of a large persona (one with an HNSW graph) indexes from, each into its own segment:
         * more load it sooner, and each query then searches one graph per thread (RetrievalBench, buildThreads).
         */
        @WithDefault("2")
        int buildThreads();
    }

    /** Bounds of {@code POST /v1/chat/completions}, where the client sends the whole conversation each time. */
    interface OpenAi {
        /** Most messages (of any role) one request may carry. */
        @WithDefault("200")
        int maxMessages();

        /** Most characters of content over all messages of one request. */
        @WithDefault("200000")
        int maxConversationLength();
    }

    /** Which retrieved sentences an answer is built from (and cites). */
    interface Answer {
        /** Most sentences an answer uses; each is cited with its own seconds or page. */
        @WithDefault("3")
        int maxSentences();

        /** A further sentence joins the best one only when its evidence score is at most this much lower. */
        @WithDefault("0.08")
        double keepWithin();

        /**
         * The sentence right after a chosen one (how the person went on: "The secret is to roast...") joins the
         * answer when its cosine to the question reaches this, even if it did not pass the gate on its own.
         */
        @WithDefault("0.35")
        double continuationMinSimilarity();

        /**
         * The cosine the best chosen sentence must reach when the question does not address the person ("How do I
         * fix a leaking tap?"): higher than the gate's, since such questions ask for advice or general knowledge
         * more often than about the person's life. Calibrated on the grounding benchmark's dev personas
         * (AnswerabilityCalibration: fewest false answers keeping cited@3 and false refusals); 0 turns it off.
         */
        @WithDefault("0.49")
        double unaddressedMinSimilarity();

        /** The learned check, after the gate, that the chosen evidence answers the question at all. */
        Answerability answerability();

        /**
         * A logistic regression over the gate's signals ({@code dev.persona.chat.service.generation.Answerability}
         * lists the features in weight order), learned on the grounding benchmark's dev personas by chat-service's
         * {@code AnswerabilityCalibration}, which prints these values.
         */
        interface Answerability {
            @WithDefault("false")
            boolean enabled();

            @WithDefault("0")
            double intercept();

            /** One weight per feature, in the order of {@code Answerability.FEATURES}; required when enabled. */
            java.util.Optional<java.util.List<Double>> weights();

            /** Evidence is kept when the model's probability that it answers reaches this. */
            @WithDefault("0.5")
            double threshold();
        }
    }

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

        /**
         * Cosine similarity at or above which a sentence is relevant on meaning alone. Calibrated for
         * bge-small-en-v1.5 on the grounding benchmark's dev personas (GateCalibration: the setting that maximises
         * cited@3 minus the false answer rate).
         */
        @WithDefault("0.45")
        double minSimilarity();

        /** Lower cosine floor that still counts when the sentence also carries the question's keywords. */
        @WithDefault("0.45")
        double minSimilarityWithKeywords();

        /** Share of the question's keyword weight (IDF) a sentence must contain to use the lower floor. */
        @WithDefault("0.3")
        double minKeywordCoverage();

        /** Double Metaphone keys beside keyword terms, so misrecognised words still match by sound. */
        @WithDefault("false")
        boolean phoneticKeys();

        /** Weight of keyword coverage beside cosine similarity when sentences are ranked as evidence. */
        @WithDefault("0.1")
        double keywordWeight();
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

    /** Answers spoken in the persona's voice, and {@code POST /personas/{id}/speech}. */
    /**
     * {@code POST /personas/{id}/voice-chat}: the question's audio goes to transcribe-service's
     * {@code POST /transcriptions} with the user's token, then it is answered as a typed one.
     */
    interface VoiceChat {
        /** Where transcribe-service answers (its HTTP port). */
        @WithDefault("http://localhost:8083")
        String transcribeUrl();

        /** Largest audio body accepted (a minute of 48 kHz stereo wav fits); more is 413. */
        @WithDefault("10M")
        io.quarkus.runtime.configuration.MemorySize maxBytes();

        /**
         * Voice questions this instance holds at once (their audio is in memory until answered); more get 503 with
         * Retry-After at once, before their audio is read.
         */
        @WithDefault("16")
        int maxConcurrent();
    }

    interface Voice {
        /** Longest text {@code /speech} speaks, in characters; more is 413. */
        @WithDefault("1000")
        int maxTextLength();

        /** Silence between the sentences of a spoken answer. */
        @WithDefault("PT0.3S")
        Duration pause();

        /** Fade in and out at each end of a clip cut from a recording, so cuts do not click. */
        @WithDefault("PT0.01S")
        Duration fade();

        /** Most seconds of audio one spoken answer or /speech call may have; the rest is left out. */
        @WithDefault("120")
        int maxAudioSeconds();

        /** Most bytes of one recording's wav read to cut clips or measure the voice (64 MiB: about 35 minutes). */
        @WithDefault("67108864")
        long maxRecordingBytes();

        /** How long generated audio is kept; {@code GeneratedAudioCleanupJob} removes it after. */
        @WithDefault("P1D")
        Duration retention();

        /** How often expired generated audio is removed (a scheduler interval such as {@code 15m}). */
        @WithDefault("15m")
        String cleanupEvery();

        /** The voice of a persona with no recordings (FreeTTS kevin16's own pitch and rate). */
        @WithDefault("100")
        double defaultPitchHz();

        @WithDefault("150")
        double defaultWordsPerMinute();

        /** Measuring a persona's voice reads at most this many recordings and this many seconds of their speech. */
        @WithDefault("20")
        int profileMaxRecordings();

        @WithDefault("60")
        int profileMaxSpeechSeconds();

        Remote remote();

        /**
         * A remote voice-cloning provider (an XTTS-v2 server, or any OpenAI-compatible {@code /v1/audio/speech}), given
         * clips of the persona's recordings; off by default. Failure or timeout falls back to the offline voice.
         */
        interface Remote {
            @WithDefault("false")
            boolean enabled();

            /** Base URL up to and including {@code /v1}, e.g. {@code http://xtts:8020/v1}. */
            Optional<String> url();

            Optional<String> apiKey();

            @WithDefault("tts-1")
            String model();

            /** The provider's voice name, for servers that pick a voice by name rather than by reference clips. */
            @WithDefault("alloy")
            String voiceName();

            @WithDefault("PT20S")
            Duration timeout();

            /** Seconds of the persona's recorded sentences sent as reference clips. */
            @WithDefault("12")
            int referenceSeconds();

            /** Most bytes of audio accepted from the provider. */
            @WithDefault("16777216")
            long maxResponseBytes();
        }
    }
}
