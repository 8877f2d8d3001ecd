package dev.persona.ingest.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.problem.ApiException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParseWorkersTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static Throwable failure(Uni<?> uni) {
        return uni.onItem().transform(item -> (Throwable) null).onFailure().recoverWithItem(e -> e).await()
                .atMost(WAIT);
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (ParseWorkers workers = new ParseWorkers(1, 1, Duration.ofSeconds(30), Duration.ofSeconds(30))) {
            Uni<String> busy = workers.submit(deadline -> {
                running.countDown();
                await(release);
                return "first";
            });
            busy.subscribe().with(x -> { }, e -> { });
            assertTrue(running.await(5, TimeUnit.SECONDS));
            var queued = workers.submit(deadline -> "second").subscribeAsCompletionStage();

            long start = System.nanoTime();
            ApiException full = assertInstanceOf(ApiException.class, failure(workers.submit(deadline -> "third")));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "refused without waiting");
            assertEquals(503, full.status());
            assertEquals("service-unavailable", full.code());
            assertEquals("30", full.headers().get("Retry-After"));
            release.countDown();
            assertEquals("second", queued.get(5, TimeUnit.SECONDS), "what was queued still runs");
            assertEquals("fourth", workers.submit(deadline -> "fourth").await().atMost(WAIT), "the pool recovers");
        }
    }

    @Test
    void waitingLongerThanTheQueueTimeoutAnswers503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ParseWorkers workers = new ParseWorkers(1, 4, Duration.ofSeconds(30), Duration.ofMillis(200))) {
            workers.submit(deadline -> await(release)).subscribe().with(x -> { }, e -> { });
            ApiException waited = assertInstanceOf(ApiException.class, failure(workers.submit(deadline -> "late")));
            assertEquals(503, waited.status());
            release.countDown();
        }
    }

    @Test
    void aParserThatIgnoresItsDeadlineIsAnswered422OnTimeAndInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (ParseWorkers workers = new ParseWorkers(1, 1, Duration.ofMillis(300), Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            ApiException e = assertInstanceOf(ApiException.class, failure(workers.submit(deadline -> {
                try {
                    Thread.sleep(60_000); // blocking, never calls deadline.check()
                } catch (InterruptedException stop) {
                    interrupted.countDown();
                }
                return "never";
            })));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
            assertEquals(422, e.status());
            assertEquals("parse-timeout", e.code());
            assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the worker was stopped, not left running");
        }
    }

    @Test
    void aCooperativeParserStopsItselfAtTheDeadline() {
        try (ParseWorkers workers = new ParseWorkers(1, 1, Duration.ofMillis(200), Duration.ofSeconds(5))) {
            ApiException e = assertInstanceOf(ApiException.class, failure(workers.submit(deadline -> {
                while (true) {
                    deadline.check();
                }
            })));
            assertEquals("parse-timeout", e.code());
        }
    }

    @Test
    void stackOverflowAndOutOfMemoryFromAParserAre422NotA500() {
        try (ParseWorkers workers = new ParseWorkers(1, 1, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            ApiException deep = assertInstanceOf(ApiException.class, failure(workers.submit(deadline -> recurse(0))));
            assertEquals(422, deep.status());
            assertEquals("too-complex", deep.code());
            ApiException memory = assertInstanceOf(ApiException.class, failure(workers.submit(deadline -> {
                throw new OutOfMemoryError("Java heap space");
            })));
            assertEquals("too-complex", memory.code());
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    private static String await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "released";
    }
}
