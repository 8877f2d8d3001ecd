package dev.persona.ingest.admin;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.ingest.domain.DocumentRecord;
import dev.persona.ingest.domain.Job;
import dev.persona.ingest.domain.Recording;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bson.conversions.Bson;

/**
 * A replayed job that had failed (say, transcription before the speech engine was installed) is moved back to the
 * replayed stage's start, so its new run shows on the job and the recording or document: stages only move forward,
 * and {@code failed} is final to {@code JobService}. Jobs in any other state are left as they are.
 */
@ApplicationScoped
public class JobRewind {

    public Uni<Void> ifFailed(ReplayItem item, ReplayStage stage) {
        if (item.jobId == null) {
            return Uni.createFrom().voidItem();
        }
        JobStage to = stage == ReplayStage.transcribe ? JobStage.uploaded : JobStage.transcribed;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Bson failedJob = Filters.and(Filters.eq("_id", item.jobId), Filters.eq("ownerId", item.ownerId),
                Filters.eq("personaId", item.personaId), Filters.eq("stage", JobStage.failed.name()));
        return Job.mongoCollection().updateOne(failedJob, Updates.combine(Updates.set("stage", to.name()),
                Updates.set("progress", 0.0), Updates.unset("error"), Updates.set("updatedAt", now)))
                .chain(result -> result.getModifiedCount() == 0 ? Uni.createFrom().voidItem()
                        : source(item.sourceKind).updateOne(Filters.and(Filters.eq("_id", item.sourceId),
                                Filters.eq("ownerId", item.ownerId), Filters.eq("personaId", item.personaId),
                                Filters.eq("status", JobStage.failed.name())),
                                Updates.combine(Updates.set("status", to.name()), Updates.unset("error"),
                                        Updates.set("updatedAt", now))).replaceWithVoid());
    }

    private static ReactiveMongoCollection<?> source(SourceKind kind) {
        return kind == SourceKind.document ? DocumentRecord.mongoCollection() : Recording.mongoCollection();
    }
}
