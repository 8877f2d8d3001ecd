package dev.persona.common.messaging;

import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.PipelineEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.util.Objects;

/**
 * How a stage reports on the job of the event it works on: {@link JobProgress} on {@code job-progress}, keyed by
 * persona id, through one {@link KeyedSender}. ingest-service, which owns the jobs, folds them in.
 */
public final class JobProgressReporter {
    /** A failure's reason is shown to the user on the job; longer ones are cut. */
    public static final int MAX_REASON = 500;

    private final KeyedSender<JobProgress> sender;

    public JobProgressReporter(KeyedSender<JobProgress> sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** The reporter of a service's {@code job-progress} channel. */
    public static JobProgressReporter on(MutinyEmitter<JobProgress> channel,
            MessagingConfig policy) {
        return new JobProgressReporter(new KeyedSender<>(channel, JobProgress::personaId, policy));
    }

    /** {@code fraction} of {@code stage} done for the job of {@code event}, about source {@code sourceId}. */
    public Uni<Void> progress(PipelineEvent event, String sourceId, JobStage stage, double fraction) {
        return sender.send(JobProgress.of(event.ownerId(), event.personaId(), event.jobId(), sourceId, stage,
                Math.max(0, Math.min(1, fraction))));
    }

    /** The job of {@code event} failed, for {@code reason} (written for the user, never a stack trace). */
    public Uni<Void> failed(PipelineEvent event, String sourceId, String reason) {
        return sender.send(JobProgress.failed(event.ownerId(), event.personaId(), event.jobId(), sourceId,
                bounded(reason)));
    }

    /** A failure's reason as a job shows it: never blank, at most {@link #MAX_REASON} characters. */
    public static String bounded(String reason) {
        String text = reason == null || reason.isBlank() ? "The job failed." : reason;
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }
}
