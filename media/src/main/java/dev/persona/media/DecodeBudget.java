package dev.persona.media;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/** What one decode may spend: samples of output (the recording length limit) and wall-clock time. */
final class DecodeBudget {
    private final double maxSeconds;
    private final long maxSamples;
    private final Duration maxTime;
    private final LongSupplier clock;
    private final long deadlineNanos;

    /** A budget whose time starts now. */
    DecodeBudget(double maxSeconds, Duration maxTime) {
        this(maxSeconds, maxTime, System::nanoTime);
    }

    /** {@code clock} in nanoseconds, like {@link System#nanoTime()} (tests move it to any point of a decode). */
    DecodeBudget(double maxSeconds, Duration maxTime, LongSupplier clock) {
        this.maxSeconds = maxSeconds;
        this.maxSamples = (long) Math.ceil(maxSeconds * DecodedAudio.SAMPLE_RATE);
        this.maxTime = maxTime;
        this.clock = clock;
        this.deadlineNanos = clock.getAsLong() + maxTime.toNanos();
    }

    long maxSamples() {
        return maxSamples;
    }

    boolean declaredTooLong(long declaredMicros) {
        // A container's own length is rounded; one second of grace, the decode itself is then held to the limit.
        return declaredMicros > 0 && declaredMicros / 1e6 > maxSeconds + 1;
    }

    boolean expired() {
        return clock.getAsLong() - deadlineNanos > 0;
    }

    /** Throws 422 parse-timeout once the decode has run out of time. */
    void checkTime() {
        if (expired()) {
            throw new ApiException(422, ErrorCodes.PARSE_TIMEOUT, "Decoding took too long", String.format(Locale.ROOT,
                    "The recording could not be decoded within %.1f s; it is refused.", maxTime.toMillis() / 1000.0));
        }
    }

    ApiException tooLong(double seconds) {
        return new ApiException(413, ErrorCodes.TOO_LONG, "Recording too long", String.format(Locale.ROOT,
                "The recording lasts at least %.0f s; at most %.0f s are accepted.", seconds, maxSeconds));
    }

    ApiException tooLongSamples(long samples) {
        return tooLong(samples / (double) DecodedAudio.SAMPLE_RATE);
    }
}
