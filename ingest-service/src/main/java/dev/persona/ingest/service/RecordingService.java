package dev.persona.ingest.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.persona.common.concurrent.Offload;
import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.common.media.MediaRefs;
import dev.persona.common.messaging.KeyedSender;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.ingest.config.IngestConfig;
import dev.persona.ingest.domain.Job;
import dev.persona.ingest.domain.Recording;
import dev.persona.ingest.media.AudioDecoder;
import dev.persona.ingest.media.ClipSpan;
import dev.persona.media.DecodedAudio;
import dev.persona.ingest.media.MediaStore.MediaObject;
import dev.persona.ingest.media.MediaStore;
import dev.persona.ingest.media.SpeechCheck;
import dev.persona.ingest.media.WavClip;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Recording uploads: validate and decode first, store only what passed, announce it on {@code audio-uploaded}.
 * Anything written before a later step failed is removed again, so a failed upload leaves nothing behind.
 */
@ApplicationScoped
public class RecordingService {
    private static final Logger LOG = Logger.getLogger(RecordingService.class);

    @Inject
    PersonaService personas;

    @Inject
    AudioDecoder decoder;

    @Inject
    SpeechCheck speech;

    @Inject
    MediaStore media;

    @Inject
    KeyedSender<AudioUploaded> audioUploaded;

    @Inject
    IngestConfig config;

    @Inject
    Quotas quotas;

    @Inject
    SourceErasure erasure;

    @Inject
    MeterRegistry metrics;

    public record Accepted(Recording recording, Job job) {
    }

    private java.util.concurrent.Semaphore decodeSlots;

    @jakarta.annotation.PostConstruct
    void init() {
        decodeSlots = new java.util.concurrent.Semaphore(Math.max(1, config.maxConcurrentDecodes()), true);
    }

    public Uni<Accepted> upload(String ownerId, String personaId, Upload upload) {
        // The request's context, where its trace lives: the upload's event is sent from it.
        Executor request = Offload.callersContext();
        return personas.requireActive(ownerId, personaId)
                .flatMap(persona -> {
                    upload.checkSize(config.maxAudioBytes());
                    // Cheap refusal before decoding when the quota cannot take even the upload as it is.
                    return quotas.requireRoom(ownerId, upload.size(), true)
                            .chain(() -> Offload.blocking(() -> decode(upload)))
                            .flatMap(decoded -> store(ownerId, personaId, persona.getString("language"), upload, decoded,
                                    request));
                })
                .invoke(() -> metrics.counter("persona.ingest.uploads", "kind", "recording", "outcome", "accepted").increment())
                .onFailure(ApiException.class).invoke(e -> metrics.counter("persona.ingest.uploads", "kind", "recording",
                        "outcome", ((ApiException) e).code()).increment());
    }

    /** The upload and its samples: the normalised wav is made from the samples while it is stored, never held whole. */
    private record Decoded(byte[] original, DecodedAudio audio) {
    }

    private Decoded decode(Upload upload) {
        boolean acquired;
        try {
            acquired = decodeSlots.tryAcquire(config.decodeQueueTimeout().toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                    "Too many recordings are being processed; try again shortly.", java.util.Map.of("Retry-After", "10"));
        }
        try {
            return decodeInSlot(upload);
        } catch (OutOfMemoryError e) {
            // Each decode is bounded, but several large ones with other work can still exhaust the heap; the failed
            // allocation freed nothing else, so this upload is refused as a load problem instead of a 500.
            LOG.warnf("Out of memory while decoding a %d-byte recording; refused with 503", upload.size());
            throw new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                    "The server is short of memory for this recording right now; try again shortly.",
                    java.util.Map.of("Retry-After", "10"));
        } finally {
            decodeSlots.release();
        }
    }

    private Decoded decodeInSlot(Upload upload) {
        byte[] bytes = upload.read();
        DecodedAudio audio = timedDecode(bytes);
        // Before the wav is written: a recording without speech is refused without spending more on it.
        speech.requireSpeech(audio);
        return new Decoded(bytes, audio);
    }

    private DecodedAudio timedDecode(byte[] bytes) {
        Timer.Sample sample = Timer.start(metrics);
        DecodedAudio audio = decoder.decode(bytes);
        sample.stop(metrics.timer("persona.ingest.decode", "format", audio.format().label()));
        return audio;
    }

    private Uni<Accepted> store(String ownerId, String personaId, String language, Upload upload, Decoded decoded,
            Executor request) {
        String recordingId = UUID.randomUUID().toString();
        String originalRef = "recording-" + recordingId + "-original";
        String mediaRef = MediaRefs.normalisedRecording(recordingId);
        Job job = JobService.newJob(ownerId, personaId, recordingId, SourceKind.recording, JobStage.uploaded, 0);
        Recording recording = new Recording();
        recording.id = recordingId;
        recording.ownerId = ownerId;
        recording.personaId = personaId;
        recording.jobId = job.id;
        recording.fileName = upload.fileName();
        recording.format = decoded.audio().format().label();
        recording.contentType = decoded.audio().format().contentType();
        recording.sizeBytes = decoded.original().length;
        recording.storedBytes = decoded.original().length + decoded.audio().wavLength();
        recording.durationSec = Math.round(decoded.audio().durationSec() * 1000) / 1000.0;
        recording.originalRef = originalRef;
        recording.mediaRef = mediaRef;
        recording.status = JobStage.uploaded;
        recording.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        recording.updatedAt = recording.createdAt;
        AudioUploaded event = AudioUploaded.of(ownerId, personaId, job.id, recordingId, recording.fileName,
                recording.format, mediaRef, originalRef, recording.durationSec, language);
        Quotas.Claim claim = quotas.claim(ownerId, personaId, recording.storedBytes,
                Math.round(recording.durationSec * 1000));

        return claim.reserve().chain(() -> media.put(new MediaObject(originalRef, ownerId, personaId, recordingId,
                recording.fileName, recording.contentType, "original", decoded.original().length), decoded.original())
                .chain(() -> media.put(new MediaObject(mediaRef, ownerId, personaId, recordingId,
                        recordingId + ".wav", "audio/wav", "normalised", decoded.audio().wavLength()),
                        decoded.audio().wavChunks()))
                .chain(() -> recording.persist())
                .chain(() -> job.persist())
                // Booked on the persona only if it is not being deleted (else 409): its erasure may already have
                // passed over what was just written, so that is removed again below.
                .chain(claim::commit)
                // Sent from the request's own context, so the event carries the upload's trace whichever thread
                // the store (or a retry) answered on.
                .emitOn(request)
                .chain(() -> audioUploaded.send(event))
                .onFailure().call(e -> discard(ownerId, personaId, recordingId, job.id, originalRef, mediaRef, e)
                        .chain(claim::giveBack)))
                .replaceWith(new Accepted(recording, job))
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> new ApiException(503,
                        ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                        "The recording could not be stored right now; nothing was kept. Try again."));
    }

    private Uni<Void> discard(String ownerId, String personaId, String recordingId, String jobId, String originalRef,
            String mediaRef, Throwable cause) {
        LOG.warnf("Upload of recording %s failed after storing began (%s); removing what was written", recordingId,
                cause.toString());
        Bson recordingFilter = Filters.and(Filters.eq("_id", recordingId), Filters.eq("ownerId", ownerId),
                Filters.eq("personaId", personaId));
        Bson jobFilter = Filters.and(Filters.eq("_id", jobId), Filters.eq("ownerId", ownerId),
                Filters.eq("personaId", personaId));
        return Uni.join().all(media.delete(originalRef), media.delete(mediaRef),
                Recording.mongoCollection().deleteOne(recordingFilter).replaceWithVoid(),
                Job.mongoCollection().deleteOne(jobFilter).replaceWithVoid())
                .andCollectFailures().replaceWithVoid()
                .onFailure().invoke(e -> LOG.errorf(e, "Could not remove the partial upload of recording %s", recordingId))
                .onFailure().recoverWithNull();
    }

    public Uni<List<Recording>> list(String ownerId, String personaId) {
        return personas.requireActive(ownerId, personaId).flatMap(p -> Recording.<Recording>mongoCollection()
                .find(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId)),
                        new FindOptions().sort(Sorts.descending("createdAt")).limit(1000))
                .collect().asList());
    }

    /** The recording, or 404 recording-not-found; ownership of the persona is checked first. */
    public Uni<Recording> get(String ownerId, String personaId, String recordingId) {
        return personas.requireActive(ownerId, personaId).flatMap(p -> Recording.<Recording>mongoCollection()
                .find(Filters.and(Filters.eq("_id", recordingId), Filters.eq("ownerId", ownerId),
                        Filters.eq("personaId", personaId)))
                .collect().first())
                .onItem().ifNull().failWith(() -> ApiException.notFound(ErrorCodes.NOT_FOUND, "No such recording."));
    }

    /**
     * Deletes one recording with its media, transcript, chunks and job, and gives its share of the quota back; 409
     * conflict while its job is still running (the pipeline would write its transcript and chunks again).
     */
    public Uni<Map<String, Long>> delete(String ownerId, String personaId, String recordingId) {
        return get(ownerId, personaId, recordingId).flatMap(r -> erasure.erase(new SourceErasure.Source(ownerId,
                personaId, r.id, SourceKind.recording, r.jobId, List.of(r.originalRef, r.mediaRef),
                Recording.mongoCollection(), Quotas.storedBytesOf(r.storedBytes, r.sizeBytes, r.durationSec),
                Math.round(r.durationSec * 1000))));
    }

    /** What GET .../audio streams: the original upload, or a wav clip cut from the normalised audio. */
    public record AudioStream(String contentType, String fileName, long length, io.smallrye.mutiny.Multi<byte[]> data) {
    }

    public Uni<AudioStream> original(String ownerId, String personaId, String recordingId) {
        return get(ownerId, personaId, recordingId)
                .flatMap(r -> media.find(ownerId, personaId, r.originalRef)
                        .onItem().ifNull().failWith(() -> ApiException.notFound(ErrorCodes.NOT_FOUND,
                                "The recording's media is gone."))
                        .map(o -> new AudioStream(r.contentType, r.fileName, o.length(),
                                media.stream(ownerId, personaId, r.originalRef))));
    }

    /**
     * A wav clip of the normalised audio between two offsets in seconds (either may be null); an end past the
     * recording is clipped to it, see {@link ClipSpan#resolve}.
     */
    public Uni<AudioStream> clip(String ownerId, String personaId, String recordingId, Double start, Double end) {
        return get(ownerId, personaId, recordingId).flatMap(r -> media.find(ownerId, personaId, r.mediaRef)
                .onItem().ifNull().failWith(() -> ApiException.notFound(ErrorCodes.NOT_FOUND,
                        "The recording's media is gone."))
                .map(stored -> {
                    // Resolved against the stored samples, not durationSec, which is rounded to milliseconds.
                    ClipSpan span = ClipSpan.resolve(start, end, ClipSpan.storedSamples(stored.length()));
                    String name = String.format(Locale.ROOT, "%s-%.3f-%.3f.wav", r.id, span.startSec(),
                            span.endSec());
                    return new AudioStream("audio/wav", name, WavClip.length(span),
                            WavClip.cut(media.stream(ownerId, personaId, r.mediaRef), span));
                }));
    }
}
