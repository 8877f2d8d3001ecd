package dev.persona.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** The one send policy, against a channel standing in for the broker (the true boundary here). */
class KeyedSenderTest {
    private record Event(String personaId, String text) {
    }

    private static MessagingConfig policy(Duration timeout, int retries) {
        return new MessagingConfig() {
            public Duration sendTimeout() {
                return timeout;
            }

            public int sendRetries() {
                return retries;
            }

            public Duration sendRetryDelay() {
                return Duration.ofMillis(5);
            }
        };
    }

    /** A channel whose every sendMessage is answered by {@code broker}. */
    @SuppressWarnings("unchecked")
    private static MutinyEmitter<Event> channel(Function<Message<Event>, Uni<Void>> broker) {
        return (MutinyEmitter<Event>) Proxy.newProxyInstance(KeyedSenderTest.class.getClassLoader(),
                new Class<?>[] { MutinyEmitter.class }, (proxy, method, args) -> {
                    if (method.getName().equals("sendMessage")) {
                        return broker.apply((Message<Event>) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aSendIsKeyedByPersonaIdAndCarriesTheEventUnchanged() {
        List<Message<Event>> sent = new CopyOnWriteArrayList<>();
        KeyedSender<Event> sender = new KeyedSender<>(channel(m -> {
            sent.add(m);
            return Uni.createFrom().voidItem();
        }), Event::personaId, policy(Duration.ofSeconds(5), 2));

        Event event = new Event("persona-1", "hello");
        sender.send(event).await().atMost(Duration.ofSeconds(5));

        assertEquals(1, sent.size());
        assertEquals(event, sent.get(0).getPayload());
        assertEquals("persona-1", sent.get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey());
    }

    @Test
    void aTransientRefusalIsTriedAgainAndTheSendSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        KeyedSender<Event> sender = new KeyedSender<>(channel(m -> attempts.incrementAndGet() <= 2
                ? Uni.createFrom().failure(new IllegalStateException("broker refused"))
                : Uni.createFrom().voidItem()), Event::personaId, policy(Duration.ofSeconds(5), 2));

        sender.send(new Event("p", "x")).await().atMost(Duration.ofSeconds(5));
        assertEquals(3, attempts.get());
    }

    @Test
    void aSendThatKeepsFailingIsTriedOnePlusRetriesTimesThenFails() {
        AtomicInteger attempts = new AtomicInteger();
        KeyedSender<Event> sender = new KeyedSender<>(channel(m -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("broker refused"));
        }), Event::personaId, policy(Duration.ofSeconds(5), 2));

        var failure = assertThrows(IllegalStateException.class,
                () -> sender.send(new Event("p", "x")).await().atMost(Duration.ofSeconds(5)));
        assertEquals("broker refused", failure.getMessage());
        assertEquals(3, attempts.get());
    }

    @Test
    void anUnacknowledgedSendTimesOutPerAttemptAndFailsAfterItsRetries() {
        AtomicInteger attempts = new AtomicInteger();
        KeyedSender<Event> sender = new KeyedSender<>(channel(m -> {
            attempts.incrementAndGet();
            return Uni.createFrom().nothing();
        }), Event::personaId, policy(Duration.ofMillis(50), 1));

        var failure = assertThrows(RuntimeException.class,
                () -> sender.send(new Event("p", "x")).await().atMost(Duration.ofSeconds(5)));
        assertInstanceOf(TimeoutException.class, failure.getCause() == null ? failure : failure.getCause(),
                failure::toString);
        assertEquals(2, attempts.get());
    }

    @Test
    void aFailureReasonIsNeverBlankAndBounded() {
        assertEquals("The job failed.", JobProgressReporter.bounded(" "));
        String reason = JobProgressReporter.bounded("x".repeat(2000));
        assertEquals(JobProgressReporter.MAX_REASON, reason.length());
    }
}
