package dev.persona.launcher;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way to the service, held to the gateway's size limit and minimum pace. It sits between the
 * client's request and the proxy's pipe to the service: when the body breaks a rule the pipe fails, which resets the
 * request to the service (it never sees a truncated body as a complete one), and {@link #cut()} says why.
 * <p>
 * The pace is measured in windows of {@code bodyTimeout}: each must bring {@code minBodyBytesPerWindow}. A window
 * in which the service was not taking data (the pipe paused us) does not count against the client.
 */
final class BodyWatch implements ReadStream<Buffer> {
    enum Cut {
        TOO_LARGE, TOO_SLOW
    }

    /** Fails the pipe; carries no stack trace since it is a verdict on the client, not a bug. */
    static final class BodyCut extends RuntimeException {
        BodyCut(Cut cut) {
            super(cut.name(), null, false, false);
        }
    }

    private final Vertx vertx;
    private final ReadStream<Buffer> source;
    private final long maxBytes;
    private final long windowMillis;
    private final long minBytesPerWindow;
    private final Runnable onComplete;
    private Handler<Buffer> dataHandler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private long bytes;
    private long bytesAtWindowStart;
    private boolean paused = true;
    private boolean pausedInWindow;
    private boolean started;
    private boolean finished;
    private Cut cut;
    private long timer = -1;

    /** {@code onComplete} runs once the whole body has come in within the rules. */
    BodyWatch(Vertx vertx, ReadStream<Buffer> source, GatewayConfig config, Runnable onComplete) {
        this.vertx = vertx;
        this.source = source;
        this.maxBytes = config.maxBodyBytes();
        this.windowMillis = config.bodyTimeout().toMillis();
        this.minBytesPerWindow = config.minBodyBytesPerWindow();
        this.onComplete = onComplete;
        source.handler(this::onData);
        source.endHandler(v -> onEnd());
        source.exceptionHandler(this::onFailure);
    }

    /** Why the body was refused, or null. */
    Cut cut() {
        return cut;
    }

    /** The exchange is over for another reason: no more verdicts. */
    void stop() {
        finished = true;
        cancelTimer();
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        dataHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        endHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        paused = true;
        pausedInWindow = true;
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        paused = false;
        if (!started && !finished) {
            // The clock starts when the service starts taking the body, not while a connection to it is made.
            started = true;
            startWindow();
        }
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        paused = false;
        source.fetch(amount);
        return this;
    }

    private void onData(Buffer data) {
        if (cut != null) {
            return;
        }
        bytes += data.length();
        if (bytes > maxBytes) {
            refuse(Cut.TOO_LARGE);
            return;
        }
        if (dataHandler != null) {
            dataHandler.handle(data);
        }
    }

    private void onEnd() {
        if (cut != null) {
            return;
        }
        stop();
        onComplete.run();
        if (endHandler != null) {
            endHandler.handle(null);
        }
    }

    private void onFailure(Throwable failure) {
        if (cut != null) {
            return;
        }
        stop();
        if (exceptionHandler != null) {
            exceptionHandler.handle(failure);
        }
    }

    private void startWindow() {
        bytesAtWindowStart = bytes;
        pausedInWindow = paused;
        timer = vertx.setTimer(windowMillis, t -> endOfWindow());
    }

    private void endOfWindow() {
        timer = -1;
        if (finished) {
            return;
        }
        if (!pausedInWindow && bytes - bytesAtWindowStart < minBytesPerWindow) {
            refuse(Cut.TOO_SLOW);
            return;
        }
        startWindow();
    }

    private void refuse(Cut reason) {
        cut = reason;
        stop();
        if (exceptionHandler != null) {
            exceptionHandler.handle(new BodyCut(reason));
        }
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
