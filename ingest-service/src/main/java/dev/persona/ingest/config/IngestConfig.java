package dev.persona.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "persona.ingest")
public interface IngestConfig {

    /** Largest audio upload accepted, in bytes; keep quarkus.http.limits.max-body-size a little above it. */
    @WithDefault("104857600")
    long maxAudioBytes();

    /** Longest recording accepted, in seconds of decoded audio. */
    @WithDefault("3600")
    double maxAudioSeconds();

    /** Largest document upload accepted, in bytes. */
    @WithDefault("26214400")
    long maxDocumentBytes();

    /**
     * Recordings decoded at the same time by one instance. Each holds the upload and its PCM in memory (about 32 KB
     * per second of audio), so this bounds the heap an upload burst can take; later uploads wait for a slot.
     */
    @WithDefault("2")
    int maxConcurrentDecodes();

    /** How long an upload waits for a decode slot before it is refused with 503 service-unavailable. */
    @WithDefault("PT60S")
    Duration decodeQueueTimeout();

    /** Where media bytes live: {@code gridfs} (default). An S3-compatible store is planned, not built. */
    @WithDefault("gridfs")
    String mediaStore();

    Jobs jobs();

    interface Jobs {
        /** How often the SSE stream reads the job record; jobs may be moved by another ingest instance. */
        @WithDefault("PT0.5S")
        Duration pollInterval();

        /** An SSE stream ends after this long even if the job has not finished; clients reconnect. */
        @WithDefault("PT30M")
        Duration maxStream();
    }
}
