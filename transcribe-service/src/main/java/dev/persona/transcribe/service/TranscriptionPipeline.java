package dev.persona.transcribe.service;

import dev.persona.common.concurrent.Offload;
import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.messaging.JobProgressReporter;
import dev.persona.common.messaging.KeyedSender;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.common.audio.VadConfig;
import dev.persona.common.audio.VadSettings;
import dev.persona.common.audio.VoiceActivityDetector;
import dev.persona.transcribe.config.TranscribeConfig;
import dev.persona.transcribe.domain.NoSpeechDetected;
import dev.persona.common.audio.PcmAudio;
import dev.persona.transcribe.domain.PermanentFailure;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.transcribe.engine.EngineFailure;
import dev.persona.transcribe.engine.SpeechEngine;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import org.jboss.logging.Logger;

/**
 * One recording, from {@code audio-uploaded} to a stored transcript: read the wav, find speech, transcribe it in
 * batches, store, announce. Idempotent: the transcript id is the recording id and the engine is deterministic, so a
 * replay rewrites the same document.
 */
@ApplicationScoped
public class TranscriptionPipeline {
    private static final Logger LOG = Logger.getLogger(TranscriptionPipeline.class);
    /** 16 kHz, 16-bit mono, plus room for the header. */
    private static final long BYTES_PER_SEC = 32_000;
    /** Further runs of one engine batch after an {@link EngineFailure}: at most three runs per batch. */
    static final int ENGINE_RETRIES = 2;
    private static final java.time.Duration ENGINE_RETRY_DELAY = java.time.Duration.ofSeconds(1);

    public enum Outcome {
        TRANSCRIBED,
        /** The persona was deleted (or began to be) before or while transcribing: nothing is left written. */
        PERSONA_GONE
    }

    @Inject
    TranscribeConfig config;

    @Inject
    VadConfig vadConfig;

    @Inject
    SpeechEngine engine;

    @Inject
    MediaStore media;

    @Inject
    PersonaDirectory personas;

    @Inject
    TranscriptRepository transcripts;

    @Inject
    JobProgressReporter progress;

    @Inject
    KeyedSender<TranscriptReady> transcriptReady;

    @Inject
    MeterRegistry registry;

    private ExecutorService engineThreads;
    private VoiceActivityDetector vad;
    private UtteranceSegmenter utterances;
    private DistributionSummary realTimeFactor;
    private Timer duration;

    @PostConstruct
    void init() {
        AtomicInteger n = new AtomicInteger();
        // Engine calls block (a process or native code) and are CPU-bound: a small pool of their own caps them.
        engineThreads = Executors.newFixedThreadPool(Math.max(1, config.parallelism()), r -> {
            Thread t = new Thread(r, "speech-engine-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        vad = new VoiceActivityDetector(VadSettings.from(vadConfig));
        utterances = UtteranceSegmenter.of(config.utterances());
        realTimeFactor = DistributionSummary.builder("persona.transcribe.real.time.factor")
                .description("Engine time divided by the speech duration it transcribed").register(registry);
        duration = Timer.builder("persona.transcribe.job.duration").description("Time to transcribe one recording")
                .register(registry);
    }

    @PreDestroy
    void shutdown() {
        engineThreads.shutdownNow();
    }

    /**
     * Not retried as a whole: each remote call (GridFS, persona lookup, upsert, each send) and each engine call carries
     * its own one retry policy, so a failure is tried a bounded number of times, never retries times retries.
     */
    public Uni<Outcome> process(AudioUploaded event) {
        try {
            validate(event);
        } catch (PermanentFailure e) {
            return Uni.createFrom().failure(e);
        }
        long started = System.nanoTime();
        return personas.acceptsWrites(event.ownerId(), event.personaId()).flatMap(accepts -> {
            if (!accepts) {
                LOG.infof("Persona %s of owner %s is gone or being deleted; skipping recording %s",
                        event.personaId(), event.ownerId(), event.recordingId());
                return Uni.createFrom().item(Outcome.PERSONA_GONE);
            }
            return progress.progress(event, event.recordingId(), JobStage.transcribing, 0)
                    .chain(() -> media.load(event.ownerId(), event.personaId(), event.mediaRef(), maxBytes()))
                    .chain(bytes -> offload(() -> analyse(bytes)))
                    .chain(analysis -> transcribe(event, analysis))
                    .chain(transcript -> store(event, transcript));
        }).invoke(outcome -> duration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    private void validate(AudioUploaded e) {
        if (blank(e.ownerId()) || blank(e.personaId()) || blank(e.recordingId()) || blank(e.jobId())) {
            throw new PermanentFailure("the audio-uploaded event lacks an owner, persona, job or recording id");
        }
        engine.checkReady();
        if (!engine.supportsLanguage(e.language())) {
            throw new PermanentFailure("the recording's language '" + e.language() + "' is not supported by the "
                    + engine.id() + " engine");
        }
    }

    record Analysis(PcmAudio audio, List<SpeechRegion> regions) {
    }

    private Analysis analyse(byte[] wav) {
        PcmAudio audio = WavReader.read(wav);
        if (audio.durationSec() > config.maxDuration().toSeconds()) {
            throw new PermanentFailure("the recording is longer than " + config.maxDuration().toMinutes()
                    + " minutes (persona.transcribe.max-duration)");
        }
        VoiceActivityDetector.Result vadResult = vad.detect(audio);
        if (vadResult.regions().isEmpty()) {
            throw new NoSpeechDetected(String.format(Locale.ROOT,
                    "the %.1f s recording is silence or noise throughout", audio.durationSec()));
        }
        LOG.debugf("VAD kept %.1f s of %.1f s in %d regions (floor %.1f dB)", vadResult.speechSec(),
                audio.durationSec(), vadResult.regions().size(), vadResult.thresholds().floorDb());
        return new Analysis(audio, vadResult.regions());
    }

    private Uni<Transcript> transcribe(AudioUploaded event, Analysis analysis) {
        List<RegionBatches.Batch> batches = RegionBatches.of(analysis.regions(),
                config.batchSpeech().toMillis() / 1000.0);
        double totalSpeech = batches.stream().mapToDouble(RegionBatches.Batch::speechSec).sum();
        DoubleAdder done = new DoubleAdder();
        record Done(int index, List<SpokenWord> words) {
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUni(batch -> offloadEngine(() -> {
                    long t0 = System.nanoTime();
                    List<SpokenWord> words = engine.transcribe(analysis.audio(), batch.regions(), event.language());
                    realTimeFactor.record((System.nanoTime() - t0) / 1e9 / Math.max(0.01, batch.speechSec()));
                    return new Done(batch.index(), words);
                }).ifNoItem().after(config.engineTimeout().plusSeconds(30)).failWith(() -> new EngineFailure(
                        "the speech engine did not answer within " + config.engineTimeout()))
                        // The engine's own retry (a crashed or stuck decoder may pass on a second run); nothing
                        // around the pipeline retries again.
                        .onFailure(EngineFailure.class).retry().withBackOff(ENGINE_RETRY_DELAY, ENGINE_RETRY_DELAY.multipliedBy(2))
                        .atMost(ENGINE_RETRIES))
                .merge(Math.max(1, config.parallelism()))
                // merge() hands results over one at a time, so progress events leave in order.
                .onItem().call(d -> {
                    done.add(batches.get(d.index()).speechSec());
                    return progress.progress(event, event.recordingId(), JobStage.transcribing,
                            done.sum() / totalSpeech);
                })
                .collect().asList()
                .map(results -> {
                    List<SpokenWord> words = new ArrayList<>();
                    results.stream().sorted(Comparator.comparingInt(Done::index))
                            .forEach(d -> words.addAll(d.words()));
                    if (words.isEmpty()) {
                        throw new NoSpeechDetected("the recogniser heard no words in " + analysis.regions().size()
                                + " sound region(s)");
                    }
                    List<TranscriptSegment> segments = utterances.segment(words, analysis.regions(), language(event));
                    return new Transcript(event.recordingId(), event.ownerId(), event.personaId(),
                            SourceKind.recording, event.fileName(), language(event), engine.id(), null,
                            event.mediaRef(), round(analysis.audio().durationSec()), round(totalSpeech), segments,
                            // The upload's time, not now: a replay must write the very same document.
                            event.occurredAt() == null ? null
                                    : event.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                });
    }

    private Uni<Outcome> store(AudioUploaded event, Transcript transcript) {
        // Checked again right before writing: the persona may have been deleted while we transcribed.
        return personas.acceptsWrites(event.ownerId(), event.personaId()).flatMap(accepts -> {
            if (!accepts) {
                LOG.infof("Persona %s was deleted during transcription; dropping transcript of %s",
                        event.personaId(), event.recordingId());
                return Uni.createFrom().item(Outcome.PERSONA_GONE);
            }
            return transcripts.upsert(transcript)
                    .chain(() -> personas.acceptsWrites(event.ownerId(), event.personaId()))
                    .flatMap(still -> still ? announce(event, transcript) : withdraw(event));
        });
    }

    /**
     * The erasure was marked between the check and the write, and may already have passed over the transcripts:
     * the transcript just written is removed again and nothing is announced.
     */
    private Uni<Outcome> withdraw(AudioUploaded event) {
        LOG.infof("Persona %s began to be deleted while transcript %s was written; removing it", event.personaId(),
                event.recordingId());
        return transcripts.delete(event.ownerId(), event.personaId(), event.recordingId())
                .replaceWith(Outcome.PERSONA_GONE);
    }

    private Uni<Outcome> announce(AudioUploaded event, Transcript transcript) {
        return transcriptReady.send(TranscriptReady.of(event.ownerId(), event.personaId(), event.jobId(),
                        event.recordingId(), SourceKind.recording, event.fileName(), event.recordingId(),
                        transcript.language()))
                .chain(() -> progress.progress(event, event.recordingId(), JobStage.transcribed, 1.0))
                .invoke(() -> LOG.infof("Transcribed recording %s of persona %s: %d segments from %.1f s of"
                        + " speech in %.1f s of audio (%s)", event.recordingId(), event.personaId(),
                        transcript.segments().size(), transcript.speechSec(), transcript.durationSec(),
                        transcript.engine()))
                .replaceWith(Outcome.TRANSCRIBED);
    }

    private String language(AudioUploaded e) {
        return blank(e.language()) ? "en" : e.language();
    }

    private long maxBytes() {
        return config.maxDuration().toSeconds() * BYTES_PER_SEC + 1_000_000;
    }

    private <T> Uni<T> offloadEngine(java.util.function.Supplier<T> work) {
        return Offload.blocking(engineThreads, work);
    }

    private static <T> Uni<T> offload(java.util.function.Supplier<T> work) {
        return Offload.blocking(work);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
