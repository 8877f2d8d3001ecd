package dev.persona.ingest.media;

/** Audio normalised to 16 kHz, mono, signed 16-bit samples. */
public record DecodedAudio(short[] samples, AudioFormat format) {
    public static final int SAMPLE_RATE = 16_000;

    public double durationSec() {
        return samples.length / (double) SAMPLE_RATE;
    }

    public byte[] toWav() {
        return WavCodec.write(samples, SAMPLE_RATE);
    }
}
