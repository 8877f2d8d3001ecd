package dev.persona.common.concurrent;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Blocking or CPU-bound work (decoding, parsing, recognising, embedding) runs on worker threads, never on the event
 * loop; what follows it continues on the Vert.x context of the request or record that asked for it. That context
 * holds the request's or record's trace: continued on a pool thread instead, an event published next would carry
 * whatever trace that thread last held, and every upload would seem to be one trace.
 */
public final class Offload {
    private Offload() {
    }

    /** {@code work} on the default worker pool, its result back on the caller's context. */
    public static <T> Uni<T> blocking(Supplier<T> work) {
        return blocking(Infrastructure.getDefaultWorkerPool(), work);
    }

    /** {@code work} on {@code threads}, its result back on the caller's context. */
    public static <T> Uni<T> blocking(Executor threads, Supplier<T> work) {
        return onCallersContext(Uni.createFrom().item(work).runSubscriptionOn(threads));
    }

    /** {@code work}'s outcome delivered on the Vert.x context of whoever subscribes (as it comes, without one). */
    public static <T> Uni<T> onCallersContext(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            return caller == null ? work : work.emitOn(task -> caller.runOnContext(v -> task.run()));
        });
    }
}
