package dev.persona.ingest.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Operator replays ({@code POST /admin/replay}); see the README's "Replay". */
@ConfigMapping(prefix = "persona.ingest.replay")
public interface ReplayConfig {

    /**
     * The JWT group ({@code groups} claim) whose tokens may use the {@code /admin} routes; owners' tokens carry only
     * {@code user} and get 403. auth-service grants it from {@code persona.auth.admin-emails}.
     */
    @WithDefault("admin")
    String adminGroup();

    /** Events of one replay in flight at once (each awaits the broker's acknowledgement). */
    @WithDefault("8")
    int concurrency();

    /** Most events one replay may re-emit; a larger one answers 422 too-complex (replay persona by persona). */
    @WithDefault("100000")
    int maxEvents();

    /** A replay whose jobs have not all finished this long after it started is reported {@code timed-out}. */
    @WithDefault("PT6H")
    Duration timeout();

    /**
     * Progress events are matched to a replayed job only if they occurred after it was re-emitted, less this much
     * (the stages' clocks are not ingest's), so a late event of the original run is not taken for the replay's.
     */
    @WithDefault("PT5S")
    Duration clockSkew();

    /** The consumer groups of the stages, for the {@code offsets} method. */
    Groups groups();

    /** Retention of the stages' input topics, which the {@code offsets} method replays from. */
    Retention retention();

    interface Groups {
        @WithDefault("transcribe-service")
        String transcribe();

        @WithDefault("embed-service")
        String embed();
    }

    interface Retention {
        /**
         * Whether ingest creates {@code audio-uploaded} and {@code transcript-ready} with this retention, or sets it
         * on them, at startup. Turn it off where something else owns topic configs (Strimzi KafkaTopics).
         */
        @WithDefault("true")
        boolean manage();

        /**
         * How long the stage input topics keep events: what the {@code offsets} method can replay. The default
         * re-emit method reads MongoDB and needs none. {@code infinite} keeps them for ever (and with them the ids
         * and file names of erased personas' uploads), a duration (P30D) bounds them.
         */
        @WithDefault("P30D")
        String inputTopics();
    }
}
