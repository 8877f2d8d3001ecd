package dev.persona.ingest.service;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import dev.persona.common.events.JobStage;
import dev.persona.ingest.domain.Job;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.jboss.logging.Logger;

/**
 * {@code persona_jobs{stage}}: how many jobs are in each stage, across every instance (counted in the store, since
 * other instances and the stages' own progress events move them). Counted on a schedule, not on each scrape, so a
 * scrape never waits on the database.
 */
@Startup
@ApplicationScoped
public class JobGauges {
    private static final Logger LOG = Logger.getLogger(JobGauges.class);

    @Inject
    MeterRegistry meters;

    private final Map<JobStage, AtomicLong> byStage = new EnumMap<>(JobStage.class);

    @PostConstruct
    void register() {
        for (JobStage stage : JobStage.values()) {
            AtomicLong count = new AtomicLong();
            byStage.put(stage, count);
            Gauge.builder("persona.jobs", count, AtomicLong::get).tag("stage", stage.name())
                    .description("Jobs in each stage, all owners").register(meters);
        }
    }

    @Scheduled(every = "${persona.ingest.jobs.count-every:PT15S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recount() {
        return Job.mongoCollection().aggregate(List.of(Aggregates.group("$stage", Accumulators.sum("n", 1))),
                Document.class).collect().asList()
                .invoke(this::apply)
                .onFailure().invoke(e -> LOG.debugf("Jobs not counted this time: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void apply(List<Document> groups) {
        Map<JobStage, Long> counted = new EnumMap<>(JobStage.class);
        for (Document group : groups) {
            String stage = group.getString("_id");
            if (stage != null) {
                try {
                    counted.put(JobStage.valueOf(stage), ((Number) group.get("n")).longValue());
                } catch (IllegalArgumentException unknown) {
                    // A stage written by a newer version: not one of this version's gauges.
                }
            }
        }
        byStage.forEach((stage, count) -> count.set(counted.getOrDefault(stage, 0L)));
    }
}
