package dev.persona.common.audio;

/** Tuning of {@link VoiceActivityDetector}; durations in seconds. */
public record VadSettings(int frameMs, double onMarginDb, double offMarginDb, double absoluteThresholdDb,
        double minSpeechSec, double minSilenceSec, double paddingSec, double maxRegionSec) {

    public static VadSettings defaults() {
        return new VadSettings(20, 12, 6, -50, 0.25, 0.4, 0.2, 30);
    }

    public static VadSettings from(VadConfig c) {
        return new VadSettings(c.frameMs(), c.onMarginDb(), c.offMarginDb(), c.absoluteThresholdDb(),
                seconds(c.minSpeech()), seconds(c.minSilence()), seconds(c.padding()), seconds(c.maxRegion()));
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }
}
