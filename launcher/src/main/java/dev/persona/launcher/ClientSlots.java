package dev.persona.launcher;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many connections (or, behind a trusted proxy, requests) each client holds, so that a few clients cannot take
 * every connection the gateway and the services have. A key leaves the map when its count drops to zero, so the map
 * is as big as the number of clients connected right now.
 */
final class ClientSlots {
    private final int perClient;
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    ClientSlots(int perClient) {
        this.perClient = perClient;
    }

    /** A slot for {@code key}, or null when it holds them all; release it exactly once with {@link Slot#release}. */
    Slot tryAcquire(String key) {
        boolean[] granted = {false};
        held.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= perClient) {
                return count;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0] ? new Slot(key) : null;
    }

    int heldBy(String key) {
        return held.getOrDefault(key, 0);
    }

    final class Slot {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String key) {
            this.key = key;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                held.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
            }
        }
    }
}
