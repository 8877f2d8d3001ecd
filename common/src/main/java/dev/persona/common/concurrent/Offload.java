package dev.persona.common.concurrent;

import io.smallrye.mutiny.Multi;
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

    /**
     * {@code work}'s outcome delivered on the Vert.x context of whoever subscribes (as it comes, without one). Also
     * for the MongoDB driver's own publishers (GridFS), which signal on the driver's threads.
     */
    public static <T> Uni<T> onCallersContext(Uni<T> work) {
        return Uni.createFrom().deferred(() -> work.emitOn(callersContext()));
    }

    /**
     * Runs tasks on the Vert.x context current now (the caller's), or at once without one: to send an event from the
     * request's own context after steps (a retry's timer, a driver callback) that may have left it.
     */
    public static Executor callersContext() {
        Context caller = Vertx.currentContext();
        return caller == null ? Runnable::run : task -> caller.runOnContext(v -> task.run());
    }

    /** {@code items} delivered on the Vert.x context of whoever subscribes (as they come, without one). */
    public static <T> Multi<T> onCallersContext(Multi<T> items) {
        return Multi.createFrom().deferred(() -> items.emitOn(callersContext()));
    }
}
