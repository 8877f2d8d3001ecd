package dev.persona.ingest.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;

/** Decoding and parsing are CPU-bound and blocking: run them on the worker pool, never on the event loop. */
final class Offload {
    private Offload() {
    }

    static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
