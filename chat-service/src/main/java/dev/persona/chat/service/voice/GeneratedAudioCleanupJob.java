package dev.persona.chat.service.voice;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Removes generated audio past its expiry ({@code persona.chat.voice.retention} after it was made). */
@ApplicationScoped
public class GeneratedAudioCleanupJob {
    private static final Logger LOG = Logger.getLogger(GeneratedAudioCleanupJob.class);

    @Inject
    GeneratedAudioStore store;

    @Scheduled(every = "${persona.chat.voice.cleanup-every:15m}", delayed = "${persona.chat.voice.cleanup-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        purgeNow(Instant.now());
    }

    public long purgeNow(Instant now) {
        long removed = store.deleteExpired(now);
        if (removed > 0) {
            LOG.infof("Removed %d expired generated audio files", removed);
        }
        return removed;
    }
}
