package dev.persona.embed.messaging;

import dev.persona.common.events.Topics;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.messaging.ConsumerContract;
import dev.persona.common.messaging.JobProgressReporter;
import dev.persona.embed.service.InvalidEventException;
import dev.persona.embed.service.Outcome;
import dev.persona.embed.service.TranscriptEmbedder;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code transcript-ready} in consumer group {@code embed-service}, under the consumers' one contract
 * ({@link ConsumerContract}): a record that cannot be read goes to {@code transcript-ready-dlq}; a transcript whose
 * embedding fails (after the flat retries at each remote call) first marks its job failed with the reason and then
 * goes to {@code transcript-ready-dlq} (the {@code dead-letter-queue} failure strategy copies it there and commits),
 * so the stage keeps consuming. Messages of one partition are handled one at a time, in order; more partitions (and
 * instances, or {@code partitions} on the channel) give more parallelism.
 */
@ApplicationScoped
public class TranscriptReadyConsumer {
    private static final Logger LOG = Logger.getLogger(TranscriptReadyConsumer.class);

    @Inject
    TranscriptEmbedder embedder;

    @Inject
    JobProgressReporter progress;

    @Inject
    MeterRegistry metrics;

    @Incoming("transcript-ready")
    public Uni<Void> consume(TranscriptReady event) {
        if (!readable(event)) {
            count("invalid");
        }
        return ConsumerContract.consume(Topics.TRANSCRIPT_READY, event, TranscriptReadyConsumer::readable,
                e -> embedder.process(e).invoke(outcome -> record(e, outcome)), this::markFailed);
    }

    /** Without owner, persona and job ids nobody's job can be named. */
    static boolean readable(TranscriptReady event) {
        return event != null && event.ownerId() != null && event.personaId() != null && event.jobId() != null;
    }
    private void record(TranscriptReady event, Outcome outcome) {
        switch (outcome.kind()) {
            case EMBEDDED -> {
                metrics.counter("persona.embed.chunks", "vector", "computed").increment(outcome.embedded());
                metrics.counter("persona.embed.chunks", "vector", "reused").increment(outcome.reused());
                LOG.infof("Job %s: %d chunks of source %s stored (%d embedded, %d reused)", event.jobId(),
                        outcome.chunkIds().size(), event.sourceId(), outcome.embedded(), outcome.reused());
            }
            case PERSONA_GONE -> LOG.infof("Job %s skipped: persona %s no longer exists", event.jobId(),
                    event.personaId());
            case NO_USABLE_TEXT -> LOG.warnf("Job %s failed: %s", event.jobId(), outcome.reason());
        }
        count(outcome.kind().name().toLowerCase().replace('_', '-'));
    }

    private Uni<Void> markFailed(TranscriptReady event, Throwable error) {
        count("failed");
        String reason = reason(error);
        LOG.errorf(error, "Job %s failed, sending the event to the dead-letter topic: %s",
                event.jobId(), reason);
        return progress.failed(event, event.sourceId(), reason);
    }

    static String reason(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName()
                : error instanceof InvalidEventException || error.getClass().getPackageName().startsWith("dev.persona")
                        ? error.getMessage()
                        : error.getClass().getSimpleName() + ": " + error.getMessage();
        return "Embedding failed: " + message;
    }

    private void count(String outcome) {
        metrics.counter("persona.embed.transcripts", "outcome", outcome).increment();
    }
}
