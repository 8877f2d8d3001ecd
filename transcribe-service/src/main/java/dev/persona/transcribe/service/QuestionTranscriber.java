package dev.persona.transcribe.service;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.audio.VadConfig;
import dev.persona.common.audio.VadSettings;
import dev.persona.common.audio.VoiceActivityDetector;
import dev.persona.common.concurrent.Offload;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.speech.Transcription;
import dev.persona.media.AudioDecoding;
import dev.persona.media.DecodedAudio;
import dev.persona.transcribe.config.TranscribeConfig;
import dev.persona.transcribe.engine.EngineFailure;
import dev.persona.transcribe.engine.EngineUnavailable;
import dev.persona.transcribe.engine.QuestionEngine;
import dev.persona.transcribe.engine.SpeechEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A question asked by voice, transcribed on the spot: decoded from any upload format, cut to speech by the same
 * voice activity detector as recordings, recognised, and cut into utterances as transcripts are. Nothing is stored.
 * Questions run on a bounded pool of their own; when it and its queue are full the caller gets 503 at once.
 */
@ApplicationScoped
public class QuestionTranscriber {

    @Inject
    TranscribeConfig config;

    @Inject
    VadConfig vadConfig;

    @Inject
    @QuestionEngine
    SpeechEngine engine;

    @Inject
    MeterRegistry registry;

    private ThreadPoolExecutor threads;
    private VoiceActivityDetector vad;
    private UtteranceSegmenter utterances;
    private Timer duration;

    @PostConstruct
    void init() {
        TranscribeConfig.Questions q = config.questions();
        AtomicInteger n = new AtomicInteger();
        int size = Math.max(1, q.parallelism());
        threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, q.queue())), r -> {
                    Thread t = new Thread(r, "question-engine-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        vad = new VoiceActivityDetector(VadSettings.from(vadConfig));
        utterances = UtteranceSegmenter.of(config.utterances());
        duration = Timer.builder("persona.transcribe.question.duration")
                .description("Time to transcribe one question asked by voice").register(registry);
    }

    @PreDestroy
    void shutdown() {
        threads.shutdownNow();
    }

    /** @param language BCP 47 tag of the question; blank means the engine's default */
    public Uni<Transcription> transcribe(byte[] audio, String language) {
        String lang = language == null || language.isBlank() ? "en" : language.strip();
        if (!engine.supportsLanguage(lang)) {
            return Uni.createFrom().failure(ApiException.badRequest(ErrorCodes.INVALID_FIELD,
                    "The " + engine.id() + " engine does not transcribe the language '" + lang + "'."));
        }
        try {
            engine.checkReady();
        } catch (EngineUnavailable e) {
            return Uni.createFrom().failure(unavailable("The speech engine cannot run here: " + e.getMessage()));
        }
        return Offload.blocking(threads, () -> run(audio, lang))
                .onFailure(RejectedExecutionException.class).transform(e -> busy());
    }

    private Transcription run(byte[] bytes, String language) {
        long start = System.nanoTime();
        TranscribeConfig.Questions q = config.questions();
        DecodedAudio decoded = AudioDecoding.decode(bytes, q.maxDuration().toMillis() / 1000.0, q.decodeTimeout());
        PcmAudio audio = new PcmAudio(decoded.samples(), DecodedAudio.SAMPLE_RATE);
        long decodedAt = System.nanoTime();
        VoiceActivityDetector.Result found = vad.detect(audio);
        List<SpeechRegion> regions = found.regions();
        if (regions.isEmpty()) {
            throw noSpeech(String.format(Locale.ROOT, "The %.1f s of audio are silence or noise throughout.",
                    audio.durationSec()));
        }
        long detectedAt = System.nanoTime();
        List<SpokenWord> words;
        try {
            words = engine.transcribe(audio, regions, language);
        } catch (EngineFailure e) {
            throw unavailable("The speech engine failed on this question; ask again.");
        }
        long recognisedAt = System.nanoTime();
        duration.record(recognisedAt - start, TimeUnit.NANOSECONDS);
        if (words.isEmpty()) {
            throw noSpeech("No words were heard in the audio.");
        }
        List<TranscriptSegment> segments = utterances.segment(words, regions, language);
        String text = SpokenText.asQuestion(
                segments.stream().map(TranscriptSegment::text).collect(Collectors.joining(" ")), language);
        return new Transcription(text, language, engine.id(), round(audio.durationSec()), round(found.speechSec()),
                words, new Transcription.Timings(millis(decodedAt - start), millis(detectedAt - decodedAt),
                        millis(recognisedAt - detectedAt)));
    }

    private static ApiException noSpeech(String detail) {
        return new ApiException(422, ErrorCodes.NO_SPEECH, "No speech", detail);
    }

    private static ApiException busy() {
        return new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Busy",
                "Too many questions are being transcribed; ask again in a moment.", Map.of("Retry-After", "1"));
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Speech recognition unavailable", detail,
                Map.of("Retry-After", "5"));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
