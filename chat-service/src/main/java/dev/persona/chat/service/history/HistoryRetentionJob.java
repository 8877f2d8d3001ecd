package dev.persona.chat.service.history;

import dev.persona.chat.config.ChatConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Deletes chat history older than {@code persona.chat.history.retention} (default 30 days). */
@ApplicationScoped
public class HistoryRetentionJob {
    private static final Logger LOG = Logger.getLogger(HistoryRetentionJob.class);

    @Inject
    ChatHistory history;

    @Inject
    ChatConfig config;

    @Scheduled(every = "${persona.chat.history.cleanup-every:1h}", delayed = "${persona.chat.history.cleanup-delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeNow().replaceWithVoid();
    }

    public Uni<Long> purgeNow() {
        Instant cutoff = Instant.now().minus(config.history().retention());
        return history.deleteOlderThan(cutoff).invoke(removed -> {
            if (removed > 0) {
                LOG.infof("Retention removed %d chat messages older than %s", removed, cutoff);
            }
        });
    }
}
