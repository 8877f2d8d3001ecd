package dev.persona.launcher;

import dev.persona.common.net.ForwardedClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open client connection: whose it is, whether it fits that client's limit, and the clock that closes it when
 * it sits without delivering a complete request head (headers trickled a byte at a time, or an idle keep-alive).
 * A request in flight stops the clock, so a long server-sent-event stream is not cut; its response ending restarts it.
 *
 * <p>A client at its limit whose new connection arrives while some of its connections sit idle between requests gets
 * the slot of the one idle longest, which is closed: clients that open a connection per request and leave the old
 * ones to the garbage collector are common, and an idle keep-alive costs the client nothing to lose. Only
 * connections that are busy (a request head on its way, or a request in flight) hold a client at its limit.
 */
final class Connections {
    /** A refused connection gets this long for a request already on its way to reach it and get its 429. */
    private static final Duration REFUSED_GRACE = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final ClientSlots slots;
    private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();
    /** Per client, its connections idle between requests, longest idle first. Guarded by itself. */
    private final Map<String, LinkedHashSet<Tracked>> idle = new HashMap<>();

    Connections(Vertx vertx, GatewayConfig config, ClientSlots slots) {
        this.vertx = vertx;
        this.config = config;
        this.slots = slots;
    }

    void opened(HttpConnection connection) {
        Tracked tracked = new Tracked(connection);
        open.put(connection, tracked);
        connection.closeHandler(v -> {
            open.remove(connection);
            tracked.closed();
        });
        tracked.admit();
    }

    /** The connection's state at a request head (tracked on the fly if the connection event was missed). */
    Tracked of(HttpConnection connection) {
        Tracked tracked = open.get(connection);
        if (tracked == null) {
            opened(connection);
            tracked = open.get(connection);
        }
        return tracked;
    }

    int count() {
        return open.size();
    }

    /** The slot of {@code client}'s longest-idle connection, which is closed; null when none of them is idle. */
    private ClientSlots.Slot takeIdleSlot(String client) {
        while (true) {
            Tracked longestIdle;
            synchronized (idle) {
                LinkedHashSet<Tracked> ofClient = idle.get(client);
                if (ofClient == null) {
                    return null;
                }
                Iterator<Tracked> first = ofClient.iterator();
                longestIdle = first.next();
                first.remove();
                if (ofClient.isEmpty()) {
                    idle.remove(client);
                }
            }
            ClientSlots.Slot slot = longestIdle.surrenderSlot();
            if (slot != null) {
                return slot;
            }
        }
    }

    private void markIdle(String client, Tracked tracked) {
        synchronized (idle) {
            idle.computeIfAbsent(client, k -> new LinkedHashSet<>()).add(tracked);
        }
    }

    private void markBusy(String client, Tracked tracked) {
        synchronized (idle) {
            LinkedHashSet<Tracked> ofClient = idle.get(client);
            if (ofClient != null && ofClient.remove(tracked) && ofClient.isEmpty()) {
                idle.remove(client);
            }
        }
    }

    final class Tracked {
        private final HttpConnection connection;
        private String client;
        private ClientSlots.Slot slot;
        private boolean refused;
        private boolean busy;
        private long headClock = -1;

        private Tracked(HttpConnection connection) {
            this.connection = connection;
        }

        /** Whether the connection was refused for going over its client's limit: its requests get 429. */
        boolean refused() {
            return refused;
        }

        private synchronized void admit() {
            ForwardedClient peer = ForwardedClient.resolve(config.trustedProxies(),
                    connection.remoteAddress() == null ? null : connection.remoteAddress().hostAddress(), List.of());
            // A trusted proxy's connection carries many clients: those are counted per request instead.
            if (!peer.viaTrustedProxy()) {
                client = peer.key();
                slot = slots.tryAcquire(client);
                if (slot == null) {
                    slot = takeIdleSlot(client);
                }
                refused = slot == null;
            }
            startClock(refused ? REFUSED_GRACE : config.requestHeadTimeout());
        }

        synchronized void requestStarted() {
            busy = true;
            stopClock();
            if (slot != null) {
                markBusy(client, this);
            }
        }

        synchronized void requestFinished() {
            busy = false;
            if (open.containsKey(connection)) {
                startClock(config.requestHeadTimeout());
                if (slot != null) {
                    markIdle(client, this);
                }
            }
        }

        /** Gives this idle connection's slot to a newer connection of the same client and closes it. */
        private synchronized ClientSlots.Slot surrenderSlot() {
            if (busy || slot == null) {
                return null;
            }
            ClientSlots.Slot surrendered = slot;
            slot = null;
            stopClock();
            connection.close();
            return surrendered;
        }

        private synchronized void closed() {
            stopClock();
            if (slot != null) {
                markBusy(client, this);
                slot.release();
                slot = null;
            }
        }

        private void stopClock() {
            if (headClock >= 0) {
                vertx.cancelTimer(headClock);
                headClock = -1;
            }
        }

        private void startClock(Duration timeout) {
            stopClock();
            headClock = vertx.setTimer(timeout.toMillis(), t -> connection.close());
        }
    }
}
