package dev.persona.ingest.admin;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.Topics;
import dev.persona.common.messaging.ConsumerContract;
import dev.persona.ingest.messaging.JobProgressConsumer;
import dev.persona.ingest.service.JobService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows the jobs of running replays: reads {@code job-progress} in a consumer group of its own
 * ({@code ingest-service-replays}, beside the group that folds progress into the jobs, so neither delays the other),
 * and marks a sent replay item done or failed when its job reports {@code ready} or {@code failed} after it was
 * re-emitted. One group for all ingest instances; the items are in MongoDB, so any instance may see the event.
 * The consumers' one contract ({@link ConsumerContract}): an unreadable record, or one whose mark still fails after
 * the retry, goes to {@code job-progress-dlq} (beside the copy the other group makes of an unreadable record).
 */
@ApplicationScoped
public class ReplayProgressConsumer {
    private static final Logger LOG = Logger.getLogger(ReplayProgressConsumer.class);
    /** The one retry of the replay-item marks (two MongoDB calls, none retried on its own). */
    static final int MARK_RETRIES = 3;

    @Inject
    ActiveReplays active;

    @Inject
    ReplayConfig config;

    @Incoming("replay-progress")
    public Uni<Void> onProgress(JobProgress event) {
        return ConsumerContract.consume(Topics.JOB_PROGRESS, event, JobProgressConsumer::readable,
                e -> JobService.isTerminal(e.stage())
                        ? active.any().flatMap(any -> any ? record(e) : Uni.createFrom().voidItem())
                                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofMillis(400))
                                .atMost(MARK_RETRIES)
                        : Uni.createFrom().voidItem(),
                // No job to mark: this group only follows replays. An item left unmarked ends its replay
                // timed-out, not stuck; the record goes to job-progress-dlq.
                (e, failure) -> {
                    LOG.warnf("Could not record the end of job %s for a replay: %s", e.jobId(), failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> record(JobProgress event) {
        Instant occurred = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        boolean failed = event.stage() == JobStage.failed;
        var update = failed
                ? Updates.combine(Updates.set("status", ReplayItem.FAILED), Updates.set("doneAt", now()),
                        Updates.set("error", event.error() == null ? "The job failed." : event.error()))
                : Updates.combine(Updates.set("status", ReplayItem.DONE), Updates.set("doneAt", now()));
        return ReplayItem.mongoCollection().updateMany(Filters.and(Filters.eq("jobId", event.jobId()),
                Filters.eq("ownerId", event.ownerId()), Filters.eq("personaId", event.personaId()),
                Filters.eq("status", ReplayItem.SENT), Filters.lte("sentAt", occurred.plus(config.clockSkew()))),
                update).replaceWithVoid();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
