package dev.persona.common.audio;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * What counts as speech, for every service that asks: ingest-service refuses an upload in which this finds no
 * speech, and transcribe-service sends only these regions to the recogniser. One prefix, so the two cannot disagree.
 */
@ConfigMapping(prefix = "persona.vad")
public interface VadConfig {
    /** Analysis frame length. */
    @WithDefault("20")
    int frameMs();

    /** A frame this many dB above the noise floor starts speech... */
    @WithDefault("12")
    double onMarginDb();

    /** ...and speech goes on until frames fall below floor + this (hysteresis). */
    @WithDefault("6")
    double offMarginDb();

    /** Nothing quieter than this (dBFS RMS) is ever speech, however quiet the floor. */
    @WithDefault("-50")
    double absoluteThresholdDb();

    /** Shorter bursts are clicks or breaths, not speech. */
    @WithDefault("PT0.25S")
    Duration minSpeech();

    /** Pauses shorter than this stay inside one region. */
    @WithDefault("PT0.4S")
    Duration minSilence();

    /** Added before and after each region so word onsets and endings are not clipped. */
    @WithDefault("PT0.2S")
    Duration padding();

    /** Longer regions are split at their quietest frame, so one engine call stays bounded. */
    @WithDefault("PT30S")
    Duration maxRegion();
}
