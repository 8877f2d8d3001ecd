package dev.persona.ingest.admin;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
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
 */
@ApplicationScoped
public class ReplayProgressConsumer {
    private static final Logger LOG = Logger.getLogger(ReplayProgressConsumer.class);

    @Inject
    ActiveReplays active;

    @Inject
    ReplayConfig config;

    @Incoming("replay-progress")
    public Uni<Void> onProgress(JobProgress event) {
        if (event == null || event.jobId() == null || event.ownerId() == null || event.personaId() == null
                || event.stage() == null || !JobService.isTerminal(event.stage())) {
            return Uni.createFrom().voidItem();
        }
        return active.any().flatMap(any -> any ? record(event) : Uni.createFrom().voidItem())
                .onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(3)
                // A mark that cannot be written leaves the item pending; its replay then ends timed-out, not stuck.
                .onFailure().invoke(e -> LOG.warnf("Could not record the end of job %s for a replay: %s",
                        event.jobId(), e.toString()))
                .onFailure().recoverWithNull();
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
