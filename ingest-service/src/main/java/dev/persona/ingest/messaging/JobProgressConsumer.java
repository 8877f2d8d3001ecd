package dev.persona.ingest.messaging;

import dev.persona.common.events.JobProgress;
import dev.persona.common.events.Topics;
import dev.persona.common.messaging.ConsumerContract;
import dev.persona.common.messaging.JobProgressReporter;
import dev.persona.ingest.service.JobService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Folds the progress reports of transcribe-service and embed-service into the job records, under the consumers' one
 * contract ({@link ConsumerContract}): a record that cannot be read (not JSON, or without job, owner, persona or
 * stage) goes to {@code job-progress-dlq}, never acknowledged and dropped; an event that cannot be folded in (after
 * the flat retry of {@link JobService#apply}) marks its job failed with the reason, written directly since this
 * service owns the jobs (a failed event on {@code job-progress} would come back here), and then goes to
 * {@code job-progress-dlq}. Idempotent: a replayed or out-of-order event never moves a job backwards.
 */
@ApplicationScoped
public class JobProgressConsumer {
    private static final Logger LOG = Logger.getLogger(JobProgressConsumer.class);

    @Inject
    JobService jobs;

    @Incoming(Topics.JOB_PROGRESS)
    public Uni<Void> onProgress(JobProgress event) {
        return ConsumerContract.consume(Topics.JOB_PROGRESS, event, JobProgressConsumer::readable,
                e -> jobs.apply(e).invoke(changed -> changed.ifPresent(job -> LOG.debugf("Job %s is now %s (%.2f)",
                        job.id, job.stage, job.progress))),
                (e, failure) -> {
                    LOG.errorf(failure, "Progress of job %s could not be recorded; marking it failed", e.jobId());
                    return jobs.markFailed(e, reason(failure));
                });
    }

    /** Without these nobody's job can be named. */
    public static boolean readable(JobProgress e) {
        return e != null && e.jobId() != null && e.ownerId() != null && e.personaId() != null && e.stage() != null;
    }

    static String reason(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return JobProgressReporter.bounded("The job's progress could not be recorded: " + message);
    }
}
