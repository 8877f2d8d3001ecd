package dev.persona.bench.grounding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.bench.grounding.PersonaUploader.PendingJob;
import dev.persona.bench.grounding.api.PersonaApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Polls every upload's job until it is ready or failed, within one overall deadline. */
public final class JobWatcher {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    /** How a job ended: "ready", "failed", or its last stage when the deadline passed. */
    public record JobOutcome(String persona, String source, String jobId, String stage, String error, double seconds) {
        public boolean ready() {
            return "ready".equals(stage);
        }
    }

    private final PersonaApi api;

    public JobWatcher(PersonaApi api) {
        this.api = api;
    }

    public List<JobOutcome> awaitAll(List<PendingJob> jobs, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        Map<PendingJob, String> lastStage = new LinkedHashMap<>();
        Map<PendingJob, JobOutcome> finished = new LinkedHashMap<>();
        while (finished.size() < jobs.size() && System.nanoTime() < deadline) {
            for (PendingJob job : jobs) {
                if (finished.containsKey(job)) {
                    continue;
                }
                JsonNode state = api.job(job.personaId(), job.jobId());
                String stage = state.path("stage").asText();
                lastStage.put(job, stage);
                if ("ready".equals(stage) || "failed".equals(stage)) {
                    JobOutcome outcome = new JobOutcome(job.persona(), job.source(), job.jobId(), stage,
                            state.hasNonNull("error") ? state.get("error").asText() : null, secondsSince(started));
                    finished.put(job, outcome);
                    if (!outcome.ready()) {
                        System.out.printf("  FAILED %s/%s: %s%n", job.persona(), job.source(), outcome.error());
                    }
                }
            }
            if (System.nanoTime() > nextProgress) {
                System.out.printf("  %.0f s: %d of %d jobs done%n", secondsSince(started), finished.size(), jobs.size());
                nextProgress += PROGRESS_EVERY.toNanos();
            }
            if (finished.size() < jobs.size()) {
                Thread.sleep(POLL.toMillis());
            }
        }
        List<JobOutcome> outcomes = new ArrayList<>();
        for (PendingJob job : jobs) {
            outcomes.add(finished.getOrDefault(job, new JobOutcome(job.persona(), job.source(), job.jobId(),
                    lastStage.getOrDefault(job, "unknown"), "not finished within " + timeout.toMinutes() + " min",
                    secondsSince(started))));
        }
        return outcomes;
    }

    private static double secondsSince(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
