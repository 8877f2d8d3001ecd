package dev.persona.ingest.admin;

import com.mongodb.client.model.Filters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether any replay is under way, remembered for a moment: the progress consumer reads every job-progress event
 * (from the earliest on its first start), and without a replay running it must not cost a query per event.
 */
@ApplicationScoped
public class ActiveReplays {
    private static final long REMEMBER_NANOS = 2_000_000_000L;

    private volatile boolean any;
    private volatile long checkedAt = System.nanoTime() - 2 * REMEMBER_NANOS;

    public Uni<Boolean> any() {
        if (System.nanoTime() - checkedAt < REMEMBER_NANOS) {
            return Uni.createFrom().item(any);
        }
        return Replay.count(Filters.in("status", Replay.ACTIVE)).map(n -> {
            any = n > 0;
            checkedAt = System.nanoTime();
            return any;
        });
    }

    /** A replay began on this instance: its first progress events must not be skipped on a stale answer. */
    public void started() {
        any = true;
        checkedAt = System.nanoTime();
    }
}
