package dev.persona.transcribe.messaging;

import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.Topics;
import dev.persona.common.messaging.ConsumerContract;
import dev.persona.common.messaging.JobProgressReporter;
import dev.persona.transcribe.domain.NoSpeechDetected;
import dev.persona.transcribe.domain.PermanentFailure;
import dev.persona.transcribe.engine.EngineFailure;
import dev.persona.transcribe.service.TranscriptionPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code audio-uploaded} under the consumers' one contract ({@link ConsumerContract}): a record that cannot
 * be read goes to {@code audio-uploaded-dlq}; a recording whose transcription fails (after the flat retries at each
 * remote and engine call) is reported on the job ({@code JobProgress.failed} with the reason) and then goes to
 * {@code audio-uploaded-dlq}; the stage keeps consuming. A recording without speech is a finished job, not a fault:
 * it is reported failed and acknowledged.
 */
@ApplicationScoped
public class AudioUploadedConsumer {
    private static final Logger LOG = Logger.getLogger(AudioUploadedConsumer.class);

    @Inject
    TranscriptionPipeline pipeline;

    @Inject
    JobProgressReporter progress;

    @Inject
    MeterRegistry registry;

    @Incoming(Topics.AUDIO_UPLOADED)
    public Uni<Void> consume(AudioUploaded event) {
        if (!readable(event)) {
            count("unreadable");
        }
        return ConsumerContract.consume(Topics.AUDIO_UPLOADED, event, AudioUploadedConsumer::readable,
                this::transcribe, this::reportFailure);
    }

    /** Without these ids nobody's job can be named. */
    static boolean readable(AudioUploaded e) {
        return e != null && present(e.ownerId()) && present(e.personaId()) && present(e.jobId())
                && present(e.recordingId());
    }

    private Uni<Void> transcribe(AudioUploaded event) {
        return pipeline.process(event)
                .invoke(outcome -> count(outcome.name().toLowerCase()))
                .replaceWithVoid()
                .onFailure(NoSpeechDetected.class).recoverWithUni(noSpeech -> {
                    count("no_speech");
                    LOG.infof("Recording %s of job %s: %s", event.recordingId(), event.jobId(), noSpeech.getMessage());
                    return progress.failed(event, event.recordingId(), noSpeech.getMessage());
                });
    }

    private Uni<Void> reportFailure(AudioUploaded event, Throwable failure) {
        String reason = reason(failure);
        count("failed");
        if (failure instanceof PermanentFailure) {
            LOG.warnf("Recording %s of job %s failed and goes to the dead letters: %s", event.recordingId(),
                    event.jobId(), reason);
        } else {
            LOG.errorf(failure, "Recording %s of job %s failed and goes to the dead letters: %s", event.recordingId(),
                    event.jobId(), reason);
        }
        return progress.failed(event, event.recordingId(), reason);
    }

    /** The reason shown on the failed job: written for the user, never a stack trace. */
    static String reason(Throwable failure) {
        if (failure instanceof PermanentFailure) {
            return failure.getMessage();
        }
        if (failure instanceof EngineFailure || failure instanceof TimeoutException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
            return "transcription failed after retries: " + failure.getMessage();
        }
        return "transcription failed after retries (" + failure.getClass().getSimpleName() + ")";
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private void count(String outcome) {
        registry.counter("persona.transcribe.jobs", "outcome", outcome).increment();
    }
}
