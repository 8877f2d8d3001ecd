package dev.persona.ingest.text;

import dev.persona.common.problem.ApiException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small fixed pool that parses documents off the event loop and off the shared worker pool, so hostile documents
 * can occupy at most {@code parse-threads} threads. The queue is bounded: when it is full, or a document waited
 * longer than {@code queue-timeout}, the upload answers 503 with Retry-After at once instead of hanging. A parse
 * gets a {@link Deadline}; should a parser not notice it, a watchdog answers 422 parse-timeout on time anyway and
 * interrupts the worker. StackOverflowError and OutOfMemoryError from a parser become 422 too-complex.
 */
public final class ParseWorkers implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final ScheduledThreadPoolExecutor timer;
    private final Duration parseTimeout;
    private final Duration queueTimeout;

    public ParseWorkers(int threads, int queue, Duration parseTimeout, Duration queueTimeout) {
        int size = Math.max(1, threads);
        this.pool = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queue)), daemon("document-parse"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("document-parse-watchdog"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.parseTimeout = parseTimeout;
        this.queueTimeout = queueTimeout;
    }

    /** Runs {@code work} on a parse thread; the item is delivered on the shared worker pool, never on a parse thread. */
    public <T> Uni<T> submit(Function<Deadline, T> work) {
        Uni<T> parsed = Uni.createFrom().emitter(emitter -> {
            AtomicBoolean started = new AtomicBoolean();
            AtomicBoolean finished = new AtomicBoolean();
            Future<?> task;
            try {
                task = pool.submit(() -> {
                    if (!started.compareAndSet(false, true)) {
                        return; // the caller was already told to retry
                    }
                    ScheduledFuture<?> watchdog = timer.schedule(
                            () -> emitter.fail(DocumentProblems.parseTimeout(parseTimeout)),
                            parseTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    try {
                        T result = work.apply(Deadline.after(parseTimeout));
                        finished.set(true);
                        emitter.complete(result);
                    } catch (StackOverflowError | OutOfMemoryError e) {
                        finished.set(true);
                        emitter.fail(DocumentProblems.exhausted(e));
                    } catch (Throwable e) {
                        finished.set(true);
                        emitter.fail(e);
                    } finally {
                        watchdog.cancel(false);
                    }
                });
            } catch (RejectedExecutionException full) {
                emitter.fail(busy());
                return;
            }
            ScheduledFuture<?> waited = timer.schedule(() -> {
                if (started.compareAndSet(false, true)) {
                    task.cancel(false);
                    emitter.fail(busy());
                }
            }, queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> {
                waited.cancel(false);
                if (!finished.get()) {
                    task.cancel(true); // timed out or the client went away: stop the parser
                }
            });
        });
        return parsed.emitOn(Infrastructure.getDefaultWorkerPool());
    }

    private ApiException busy() {
        return DocumentProblems.busy(Math.max(1, queueTimeout.toSeconds()));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
