package dev.persona.common.audio;

/** Mono 16-bit PCM samples at a known rate: what ingest-service writes for every recording. */
public record PcmAudio(short[] samples, int sampleRate) {

    public static final int EXPECTED_RATE = 16_000;

    public double durationSec() {
        return samples.length / (double) sampleRate;
    }

    public int sampleAt(double seconds) {
        return (int) Math.max(0, Math.min(samples.length, Math.round(seconds * sampleRate)));
    }
}
