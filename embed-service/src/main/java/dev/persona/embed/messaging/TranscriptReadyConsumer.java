package dev.persona.embed.messaging;

import dev.persona.common.events.TranscriptReady;
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
 * Consumes {@code transcript-ready} in consumer group {@code embed-service}. A message that still fails after the
 * embedder's retries first marks its job failed (with the reason) and is then nacked, which the
 * {@code dead-letter-queue} failure strategy turns into a copy on {@code transcript-ready-dlq} and a commit, so the
 * stage keeps consuming. Messages of one partition are handled one at a time, in order; more partitions (and
 * instances, or {@code partitions} on the channel) give more parallelism.
 */
@ApplicationScoped
public class TranscriptReadyConsumer {
    private static final Logger LOG = Logger.getLogger(TranscriptReadyConsumer.class);
    static final int MAX_REASON = 500;

    @Inject
    TranscriptEmbedder embedder;

    @Inject
    PipelineEvents events;

    @Inject
    MeterRegistry metrics;

    @Incoming("transcript-ready")
    public Uni<Void> consume(TranscriptReady event) {
        if (event == null) {
            // fail-on-deserialization-failure=false hands over unreadable records as null; nobody's job to mark.
            LOG.warn("Unreadable transcript-ready record, sending it to the dead-letter topic");
            count("invalid");
            return Uni.createFrom().failure(new InvalidEventException("Unreadable transcript-ready record."));
        }
        return embedder.process(event)
                .invoke(outcome -> record(event, outcome))
                .onFailure().call(error -> markFailed(event, error))
                .replaceWithVoid();
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
        LOG.errorf(error, "Job %s failed after retries, sending the event to the dead-letter topic: %s",
                event.jobId(), reason);
        if (event.personaId() == null) {
            return Uni.createFrom().voidItem(); // nothing to key a progress event by
        }
        // The dead-letter copy must happen even if reporting the failure does not.
        return events.failed(event, reason).onFailure().recoverWithNull().replaceWithVoid();
    }

    static String reason(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName()
                : error instanceof InvalidEventException || error.getClass().getPackageName().startsWith("dev.persona")
                        ? error.getMessage()
                        : error.getClass().getSimpleName() + ": " + error.getMessage();
        String reason = "Embedding failed: " + message;
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    private void count(String outcome) {
        metrics.counter("persona.embed.transcripts", "outcome", outcome).increment();
    }
}
