package dev.persona.launcher;

import dev.persona.common.net.ForwardedClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open client connection: whose it is, whether it fits that client's limit, and the clock that closes it when
 * it sits without delivering a complete request head (headers trickled a byte at a time, or an idle keep-alive).
 * A request in flight stops the clock, so a long server-sent-event stream is not cut; its response ending restarts it.
 */
final class Connections {
    /** A refused connection gets this long for a request already on its way to reach it and get its 429. */
    private static final Duration REFUSED_GRACE = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final ClientSlots slots;
    private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();

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

    final class Tracked {
        private final HttpConnection connection;
        private ClientSlots.Slot slot;
        private boolean refused;
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
                slot = slots.tryAcquire(peer.key());
                refused = slot == null;
            }
            startClock(refused ? REFUSED_GRACE : config.requestHeadTimeout());
        }

        synchronized void requestStarted() {
            if (headClock >= 0) {
                vertx.cancelTimer(headClock);
                headClock = -1;
            }
        }

        synchronized void requestFinished() {
            if (open.containsKey(connection)) {
                startClock(config.requestHeadTimeout());
            }
        }

        private synchronized void closed() {
            requestStarted();
            if (slot != null) {
                slot.release();
            }
        }

        private void startClock(Duration timeout) {
            if (headClock >= 0) {
                vertx.cancelTimer(headClock);
            }
            headClock = vertx.setTimer(timeout.toMillis(), t -> connection.close());
        }
    }
}
