package dev.persona.common.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The one send policy of every producer ({@link KeyedSender}): how long a send waits for the broker's
 * acknowledgement and how often a failed or timed-out send is tried again. One prefix for all services, so ingest,
 * transcribe and embed cannot drift apart again.
 */
@ConfigMapping(prefix = "persona.messaging")
public interface MessagingConfig {
    /** How long one attempt waits for the broker to acknowledge the record. */
    @WithDefault("PT15S")
    Duration sendTimeout();

    /** Attempts after the first one: a send is tried at most {@code 1 + send-retries} times. */
    @WithDefault("2")
    int sendRetries();

    /** Pause before each further attempt (with jitter, never longer than twice this). */
    @WithDefault("PT0.2S")
    Duration sendRetryDelay();
}
