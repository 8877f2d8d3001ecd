package dev.persona.transcribe.messaging;

import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.Topics;
import dev.persona.transcribe.domain.NoSpeechDetected;
import dev.persona.transcribe.domain.PermanentFailure;
import dev.persona.transcribe.engine.EngineFailure;
import dev.persona.transcribe.service.TranscriptionPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code audio-uploaded}. The pipeline retries what may pass on a second try; what still fails is reported
 * on the job ({@code JobProgress.failed}) first and then nacked, which the channel's dead-letter strategy sends to
 * {@code audio-uploaded-dlq}, so the stage keeps consuming. A recording without speech is a finished job, not a fault:
 * it is reported failed and acknowledged.
 */
@ApplicationScoped
public class AudioUploadedConsumer {
    private static final Logger LOG = Logger.getLogger(AudioUploadedConsumer.class);

    @Inject
    TranscriptionPipeline pipeline;

    @Inject
    PipelineEvents events;

    @Inject
    MeterRegistry registry;

    @Incoming(Topics.AUDIO_UPLOADED)
    public Uni<Void> consume(Message<AudioUploaded> message) {
        AudioUploaded event = message.getPayload();
        if (event == null) {
            // Not JSON of the expected shape: nobody's job can be named, so it only goes to the dead letters.
            count("unreadable");
            return Uni.createFrom().completionStage(message.nack(new PermanentFailure("unreadable audio-uploaded event")));
        }
        return pipeline.process(event)
                .onItem().transformToUni(outcome -> {
                    count(outcome.name().toLowerCase());
                    return Uni.createFrom().completionStage(message.ack());
                })
                .onFailure().recoverWithUni(failure -> {
                    String reason = reason(failure);
                    boolean noSpeech = failure instanceof NoSpeechDetected;
                    count(noSpeech ? "no_speech" : "failed");
                    if (noSpeech) {
                        LOG.infof("Recording %s of job %s: %s", event.recordingId(), event.jobId(), reason);
                    } else if (failure instanceof PermanentFailure) {
                        LOG.warnf("Recording %s of job %s failed and goes to the dead letters: %s",
                                event.recordingId(), event.jobId(), reason);
                    } else {
                        LOG.errorf(failure, "Recording %s of job %s failed: %s", event.recordingId(), event.jobId(),
                                reason);
                    }
                    Uni<Void> report = events.failed(event, reason).onFailure().recoverWithUni(e -> {
                        LOG.errorf(e, "Could not report the failure of job %s", event.jobId());
                        return Uni.createFrom().voidItem();
                    });
                    return report.chain(() -> Uni.createFrom().completionStage(
                            noSpeech ? message.ack() : message.nack(failure)));
                });
    }

    /** The reason shown on the failed job: written for the user, never a stack trace. */
    static String reason(Throwable failure) {
        if (failure instanceof PermanentFailure) {
            return failure.getMessage();
        }
        if (failure instanceof EngineFailure || failure instanceof TimeoutException) {
            return "transcription failed after retries: " + failure.getMessage();
        }
        return "transcription failed after retries (" + failure.getClass().getSimpleName() + ")";
    }

    private void count(String outcome) {
        registry.counter("persona.transcribe.jobs", "outcome", outcome).increment();
    }
}
