package dev.persona.ingest.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.ingest.config.IngestConfig;
import dev.persona.ingest.domain.DocumentRecord;
import dev.persona.ingest.domain.Job;
import dev.persona.ingest.domain.Recording;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Jobs: created by uploads, moved by the JobProgress events of the other stages, followed by SSE clients. The
 * record in Mongo is the single truth, so any ingest instance can fold events in and any can serve a stream.
 */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    @Inject
    PersonaService personas;

    @Inject
    IngestConfig config;

    public static Job newJob(String ownerId, String personaId, String sourceId, SourceKind kind, JobStage stage,
            double progress) {
        Job job = new Job();
        job.id = java.util.UUID.randomUUID().toString();
        job.ownerId = ownerId;
        job.personaId = personaId;
        job.sourceId = sourceId;
        job.sourceKind = kind;
        job.stage = stage;
        job.progress = progress;
        job.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        job.updatedAt = job.createdAt;
        return job;
    }

    /** The job, or null when it does not exist for this owner and persona. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100)
    public Uni<Job> find(String ownerId, String personaId, String jobId) {
        return Job.<Job>mongoCollection().find(owned(ownerId, personaId, jobId)).collect().first();
    }

    /**
     * Folds one progress event into its job. Stages only move forward and progress only grows within a stage, so a
     * replayed or late event changes nothing; events for unknown jobs or deleted personas are ignored.
     *
     * @return the job after the change, or empty when nothing changed
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200)
    public Uni<Optional<Job>> apply(JobProgress event) {
        if (event == null || event.jobId() == null || event.ownerId() == null || event.personaId() == null
                || event.stage() == null) {
            LOG.warnf("Ignoring an incomplete job-progress event: %s", event);
            return Uni.createFrom().item(Optional.empty());
        }
        return personas.isActive(event.ownerId(), event.personaId()).flatMap(active -> {
            if (!active) {
                LOG.debugf("Ignoring progress of job %s: persona %s is gone or being deleted", event.jobId(),
                        event.personaId());
                return Uni.createFrom().item(Optional.<Job>empty());
            }
            return advance(event).flatMap(job -> job == null
                    ? Uni.createFrom().item(Optional.<Job>empty())
                    : updateSource(job).replaceWith(Optional.of(job)));
        });
    }

    /** Polls the job record and emits it on each change: the current state first, and completes at ready/failed. */
    public Multi<Job> follow(String ownerId, String personaId, String jobId) {
        AtomicBoolean finished = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(java.time.Duration.ofMillis(1)).every(config.jobs().pollInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> find(ownerId, personaId, jobId).map(Optional::ofNullable))
                // Stop one poll after a terminal state was emitted, or when the job disappears (persona deleted).
                .select().first(job -> job.isPresent() && !finished.getAndSet(isTerminal(job.get().stage)))
                .map(Optional::get)
                .skip().repetitions((a, b) -> sameState(a, b) ? 0 : 1)
                .select().first(config.jobs().maxStream());
    }

    /**
     * Marks the job of a progress event that could not be folded in failed, with {@code reason}, so it does not stay
     * at a stage it will never leave. Skips the persona check (which may be what failed): a job of a deleted persona
     * is gone, and the update then finds nothing. Like every fold, it never changes a job that is already ready or
     * failed.
     */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200)
    public Uni<Void> markFailed(JobProgress event, String reason) {
        return advance(JobProgress.failed(event.ownerId(), event.personaId(), event.jobId(), event.sourceId(), reason))
                .flatMap(job -> job == null ? Uni.createFrom().voidItem() : updateSource(job));
    }

    private Uni<Job> advance(JobProgress event) {
        JobStage stage = event.stage();
        double progress = Math.max(0, Math.min(1, event.progress()));
        List<String> earlier = stagesBefore(stage);
        Bson owned = owned(event.ownerId(), event.personaId(), event.jobId());
        Bson forward = Filters.and(owned, Filters.in("stage", earlier));
        Bson further = Filters.and(owned, Filters.eq("stage", stage.name()), Filters.lt("progress", progress));
        Bson filter = isTerminal(stage) ? forward : Filters.or(forward, further);
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("stage", stage.name()),
                Updates.set("progress", progress), Updates.set("updatedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS))));
        if (stage == JobStage.failed) {
            updates.add(Updates.set("error", event.error() == null ? "The job failed." : event.error()));
        }
        return Job.<Job>mongoCollection().findOneAndUpdate(filter, Updates.combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    private static Uni<Void> updateSource(Job job) {
        ReactiveMongoCollection<?> sources = job.sourceKind == SourceKind.document
                ? DocumentRecord.mongoCollection()
                : Recording.mongoCollection();
        List<String> earlier = stagesBefore(job.stage);
        Bson filter = Filters.and(Filters.eq("_id", job.sourceId), Filters.eq("ownerId", job.ownerId),
                Filters.eq("personaId", job.personaId), Filters.in("status", earlier));
        List<Bson> updates = new ArrayList<>(List.of(Updates.set("status", job.stage.name()),
                Updates.set("updatedAt", job.updatedAt)));
        if (job.stage == JobStage.failed) {
            updates.add(Updates.set("error", job.error));
        }
        return sources.updateOne(filter, Updates.combine(updates)).replaceWithVoid();
    }

    static List<String> stagesBefore(JobStage stage) {
        return Arrays.stream(JobStage.values()).filter(stage::isAfter).map(Enum::name).toList();
    }

    public static boolean isTerminal(JobStage stage) {
        return stage == JobStage.ready || stage == JobStage.failed;
    }

    private static boolean sameState(Job a, Job b) {
        return a.stage == b.stage && a.progress == b.progress && java.util.Objects.equals(a.error, b.error);
    }

    private static Bson owned(String ownerId, String personaId, String jobId) {
        return Filters.and(Filters.eq("_id", jobId), Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId));
    }
}
