package dev.persona.launcher;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;

/**
 * A response body on its way to the client. The pipe pauses it while the client is not reading; a client that
 * reads nothing for {@code stallTimeout} fails the pipe, which resets both the service's response and the client's
 * connection, so a client that stops reading cannot keep a connection to a service forever. A quiet stream (server-
 * sent events between events) is not paused and never trips this.
 */
final class StallWatch implements ReadStream<Buffer> {
    /** Fails the pipe; no stack trace, it is a verdict on the client. */
    static final class ClientStalled extends RuntimeException {
        ClientStalled() {
            super("client stopped reading", null, false, false);
        }
    }

    private final Vertx vertx;
    private final ReadStream<Buffer> source;
    private final long stallMillis;
    private Handler<Throwable> exceptionHandler;
    private boolean flowing;
    private long timer = -1;

    StallWatch(Vertx vertx, ReadStream<Buffer> source, Duration stallTimeout) {
        this.vertx = vertx;
        this.source = source;
        this.stallMillis = stallTimeout.toMillis();
        source.exceptionHandler(t -> {
            cancelTimer();
            if (exceptionHandler != null) {
                exceptionHandler.handle(t);
            }
        });
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        source.handler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        source.endHandler(v -> {
            cancelTimer();
            if (handler != null) {
                handler.handle(v);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        // The pipe pauses once before it starts; only a pause after that is the client not reading.
        if (flowing && timer < 0) {
            timer = vertx.setTimer(stallMillis, t -> stalled());
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        flowing = true;
        cancelTimer();
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    private void stalled() {
        timer = -1;
        if (exceptionHandler != null) {
            exceptionHandler.handle(new ClientStalled());
        }
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
