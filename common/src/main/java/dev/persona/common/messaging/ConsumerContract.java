package dev.persona.common.messaging;

import io.smallrye.mutiny.Uni;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The one contract of every {@code @Incoming} consumer, whose channel has {@code failure-strategy=dead-letter-queue}
 * and {@code fail-on-deserialization-failure=false} (an unreadable record arrives as {@code null}):
 * <ul>
 * <li>a record that cannot be read is nacked, so it goes to the topic's dead-letter topic; it is never acknowledged
 * and dropped;</li>
 * <li>processing that fails (after the flat retries at its remote calls; nothing here retries) first reports the
 * failure with its reason (a stage marks the job failed), then is nacked to the dead-letter topic;</li>
 * <li>either way the consumer carries on with the next record.</li>
 * </ul>
 * Outcomes that are answers, not faults (a recording without speech, a persona gone), are the processing's own
 * business: it reports them and completes, and the record is acknowledged.
 */
public final class ConsumerContract {
    private static final Logger LOG = Logger.getLogger(ConsumerContract.class);

    private ConsumerContract() {
    }

    /**
     * @param readable      whether the payload is an event this consumer can act on (it is null when it could not
     *                      be deserialized)
     * @param process       the work; its failure nacks the record
     * @param reportFailure called with the failure before the nack; its own failure is logged, never lost in place
     *                      of the dead-letter copy
     */
    public static <T> Uni<Void> consume(String topic, T event, Predicate<T> readable, Function<T, Uni<?>> process,
            BiFunction<T, Throwable, Uni<Void>> reportFailure) {
        if (event == null || !readable.test(event)) {
            LOG.warnf("Unreadable %s record, sending it to %s-dlq", topic, topic);
            return Uni.createFrom().failure(new UnreadableEvent(topic));
        }
        return Uni.createFrom().deferred(() -> process.apply(event))
                .onFailure().call(failure -> Uni.createFrom().deferred(() -> reportFailure.apply(event, failure))
                        .onFailure().invoke(e -> LOG.errorf(e, "Could not report the failure of a %s record", topic))
                        .onFailure().recoverWithNull())
                .replaceWithVoid();
    }

    /** For consumers whose failures belong to no job: the dead-letter copy is the only report. */
    public static <T> BiFunction<T, Throwable, Uni<Void>> deadLetterOnly() {
        return (event, failure) -> Uni.createFrom().voidItem();
    }
}
