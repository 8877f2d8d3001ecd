package dev.persona.common.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Sends the events of one channel, each keyed by its persona id, so one persona's events stay ordered in one
 * partition. The returned Uni completes once the broker acknowledged the record; a send that fails or is not
 * acknowledged within {@link MessagingConfig#sendTimeout()} is tried again, at most
 * {@link MessagingConfig#sendRetries()} times. This is the only retry around a send: callers must not wrap it in
 * another one. The value is the event record as JSON (the channel's serializer), with no headers of our own: the
 * wire format other services and the replay tooling read.
 *
 * <p>A plain class, not a bean: each service builds its senders from the channels it declares (its own
 * {@code @Channel} emitters), so {@code common} names no channel a service does not have.
 */
public final class KeyedSender<T> {
    private final MutinyEmitter<T> channel;
    private final Function<T, String> key;
    private final MessagingConfig policy;

    public KeyedSender(MutinyEmitter<T> channel, Function<T, String> key, MessagingConfig policy) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.key = Objects.requireNonNull(key, "key");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public Uni<Void> send(T event) {
        // The caller's trace, taken now: the record is sent from whatever thread drains the channel (or a retry's
        // timer), whose current trace is not the caller's.
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key.apply(event)).build(),
                TracingMetadata.withCurrent(Context.current()));
        return Uni.createFrom().deferred(() -> channel.sendMessage(Message.of(event, metadata)))
                .ifNoItem().after(policy.sendTimeout()).failWith(() -> new TimeoutException("The broker did not "
                        + "acknowledge the " + event.getClass().getSimpleName() + " within " + policy.sendTimeout()))
                .onFailure().retry().withBackOff(policy.sendRetryDelay(), policy.sendRetryDelay().multipliedBy(2))
                .atMost(policy.sendRetries());
    }
}
