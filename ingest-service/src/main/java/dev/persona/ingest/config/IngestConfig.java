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

    /**
     * Wall-clock limit of one decode, probing included; past it the upload is refused with 422 parse-timeout and its
     * slot freed. Decoding runs at 200 to 700 times real time, so an hour of audio takes well under this.
     */
    @WithDefault("PT60S")
    Duration decodeTimeout();

    /** Where media bytes live: {@code gridfs} (default). An S3-compatible store is planned, not built. */
    @WithDefault("gridfs")
    String mediaStore();

    Jobs jobs();

    /** Per-owner limits; see the README's "Quotas". Over a limit answers 429/413 quota-exceeded naming it. */
    Quotas quotas();

    interface Quotas {
        /** Most personas one owner may have (those being deleted count until their erasure finished); 429 beyond. */
        @WithDefault("100")
        long maxPersonas();

        /**
         * Most bytes one owner's recordings (original plus normalised 16 kHz audio) and documents (original) may keep
         * in the media store; an upload that would go past it answers 413.
         */
        @WithDefault("10737418240")
        long maxStoredBytes();

        /** Longest total duration of one owner's recordings; an upload that would go past it answers 413. */
        @WithDefault("PT100H")
        Duration maxRecordedTime();
    }

    interface Jobs {
        /** How often the SSE stream reads the job record; jobs may be moved by another ingest instance. */
        @WithDefault("PT0.5S")
        Duration pollInterval();

        /** An SSE stream ends after this long even if the job has not finished; clients reconnect. */
        @WithDefault("PT30M")
        Duration maxStream();

        /** How often the jobs-by-stage gauge ({@code persona_jobs}) recounts the jobs collection. */
        @WithDefault("PT15S")
        Duration countEvery();
    }

    // ---- documents ------------------------------------------------------------------------------------------

    /** Bounds on reading one document (pdf, docx, eml, msg, txt); see the README's "Document limits". */
    Documents documents();

    interface Documents {
        /** Most pages read from a PDF (and the page count a docx may declare); more answers 413. */
        @WithDefault("2000")
        int maxPages();

        /** Most characters of text extracted from one document before cleaning; more answers 413. */
        @WithDefault("5000000")
        int maxCharacters();

        /** Deepest nesting of multiparts in an e-mail (or of embedded messages in a .msg); deeper answers 422. */
        @WithDefault("10")
        int maxMimeDepth();

        /** Most MIME parts (and multipart boundaries) in an e-mail; more answers 422. */
        @WithDefault("500")
        int maxMimeParts();

        /** Most entries in a docx zip or in a .msg's OLE2 directory tree; more answers 422. */
        @WithDefault("2000")
        int maxArchiveEntries();

        /** Most bytes all compressed streams of one document may inflate to (PDF filters, docx zip); more answers 413. */
        @WithDefault("268435456")
        long maxInflatedBytes();

        /** Largest stored text (the transcript's BSON); capped below MongoDB's 16 MiB document limit. */
        @WithDefault("16711680")
        long maxTranscriptBytes();

        /** Longest one document may take to read and clean; longer answers 422 parse-timeout. */
        @WithDefault("PT15S")
        Duration parseTimeout();

        /** Documents parsed at once by one instance. */
        @WithDefault("2")
        int parseThreads();

        /** Documents that may wait for a parse thread; beyond that uploads answer 503 with Retry-After. */
        @WithDefault("8")
        int parseQueue();

        /** Longest a document may wait in that queue before it answers 503 with Retry-After. */
        @WithDefault("PT10S")
        Duration queueTimeout();
    }
}
