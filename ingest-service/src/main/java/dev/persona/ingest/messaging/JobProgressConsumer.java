package dev.persona.ingest.messaging;

import dev.persona.common.events.JobProgress;
import dev.persona.common.events.Topics;
import dev.persona.ingest.service.JobService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Folds the progress reports of transcribe-service and embed-service into the job records. Idempotent: a replayed
 * or out-of-order event never moves a job backwards. An event that still fails after retries goes to the
 * dead-letter topic.
 */
@ApplicationScoped
public class JobProgressConsumer {
    private static final Logger LOG = Logger.getLogger(JobProgressConsumer.class);

    @Inject
    JobService jobs;

    @Incoming(Topics.JOB_PROGRESS)
    public Uni<Void> onProgress(JobProgress event) {
        return jobs.apply(event)
                .invoke(changed -> changed.ifPresent(job -> LOG.debugf("Job %s is now %s (%.2f)", job.id, job.stage,
                        job.progress)))
                .replaceWithVoid();
    }
}
