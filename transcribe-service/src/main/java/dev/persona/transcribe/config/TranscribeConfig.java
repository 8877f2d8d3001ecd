package dev.persona.transcribe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "persona.transcribe")
public interface TranscribeConfig {

    /** Which speech engine turns speech regions into text. */
    @WithDefault("pocketsphinx")
    EngineKind engine();

    /** How many engine calls (batches of speech regions) of one job run at once. */
    @WithDefault("2")
    int parallelism();

    /** Speech regions are grouped into batches of about this much speech; progress is reported per batch. */
    @WithDefault("PT60S")
    Duration batchSpeech();

    /** An engine call that takes longer is killed and the job retried. */
    @WithDefault("PT5M")
    Duration engineTimeout();

    /**
     * With pocketsphinx, whether recordings' batches go to decoders kept running with their models loaded (at most
     * {@code parallelism} of them), as questions' do: saves the ~0.45 s model load of every batch.
     */
    @WithDefault("true")
    boolean warmDecoders();

    /** Recordings longer than this are refused (the PCM is held in memory while it is transcribed). */
    @WithDefault("PT3H")
    Duration maxDuration();

    /** GridFS bucket that holds the normalised wav files. */
    @WithDefault("media")
    String mediaBucket();

    Utterances utterances();

    Questions questions();

    Pocketsphinx pocketsphinx();

    Whisper whisper();

    enum EngineKind {
        pocketsphinx,
        whisper
    }

    /** How recognised words are cut into sentence-sized utterances (the transcript's segments). */
    interface Utterances {
        /** A pause between two words at least this long ends an utterance. */
        @WithDefault("PT0.45S")
        Duration pause();

        /** Longer utterances are split at their longest inner pause, if it is at least min-split-pause... */
        @WithDefault("PT4S")
        Duration targetLength();

        /**
         * ...which is far shorter than a pause that always ends an utterance: fluent (and synthetic) speakers leave
         * as little as 0.05 s between sentences, and the longest pause of a long utterance is its best border.
         */
        @WithDefault("PT0.05S")
        Duration minSplitPause();

        /** Neither side of such a split keeps fewer words than this. */
        @WithDefault("3")
        int minWords();

        /** Longer utterances are split at their longest inner pause, however short. */
        @WithDefault("PT12S")
        Duration maxLength();

        /** ...and so are utterances of more words than this. */
        @WithDefault("40")
        int maxWords();
    }

    /**
     * Questions asked by voice ({@code POST /transcriptions}, called by chat-service's voice chat): transcribed on the
     * spot on threads of their own, so a question never waits behind a recording's batches.
     */
    interface Questions {
        /** Longer audio is refused (413 too-long): a question, not a recording. */
        @WithDefault("PT60S")
        Duration maxDuration();

        /** One decode of the audio sent may take this long (422 parse-timeout past it). */
        @WithDefault("PT10S")
        Duration decodeTimeout();

        /** An engine call for one question that takes longer is killed (503, the client may ask again). */
        @WithDefault("PT30S")
        Duration engineTimeout();

        /** Questions transcribed at once by this instance. */
        @WithDefault("2")
        int parallelism();

        /**
         * Keep pocketsphinx running with its models loaded (one decoder per thread) instead of starting a decoder per
         * question: saves the ~0.45 s model load of every question.
         */
        @WithDefault("true")
        boolean warmDecoders();

        /** Questions that may wait for a free thread; more are refused at once with 503 and Retry-After. */
        @WithDefault("16")
        int queue();

        /**
         * Further pocketsphinx arguments for questions only, after {@code persona.transcribe.pocketsphinx.extra-args}
         * (e.g. narrower beams, trading accuracy for speed).
         */
        Optional<List<String>> pocketsphinxExtraArgs();
    }

    interface Pocketsphinx {
        /** The batch decoder from Debian's {@code pocketsphinx} package. */
        @WithDefault("pocketsphinx_batch")
        String binary();

        /** Acoustic model folder; the decoder's built-in default (Debian {@code pocketsphinx-en-us}) when empty. */
        Optional<String> hmm();

        /** Language model; built-in default when empty. */
        Optional<String> lm();

        /** Pronunciation dictionary; built-in default when empty. */
        Optional<String> dict();

        /** Further decoder arguments, e.g. {@code -beam,1e-60}. */
        Optional<List<String>> extraArgs();
    }

    interface Whisper {
        /** ggml model file (e.g. ggml-base.en.bin); required when the engine is whisper. */
        Optional<String> modelPath();

        /** CPU threads per whisper call. */
        @WithDefault("2")
        int threads();

        /**
         * Folder with a whisper.cpp / whisper-jni native build of your own (e.g. with CUDA) to load instead of the
         * CPU build inside the whisper-jni jar; sets {@code io.github.givimad.whisperjni.libdir}.
         */
        Optional<String> libraryDir();

        /** Use the GPU when the loaded native library was built with one (CUDA, Metal). */
        @WithDefault("false")
        boolean useGpu();
    }
}
