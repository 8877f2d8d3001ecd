package dev.persona.media;

import io.smallrye.mutiny.Multi;
import java.nio.ByteBuffer;

/** Audio normalised to 16 kHz, mono, signed 16-bit samples. */
public record DecodedAudio(short[] samples, AudioFormat format) {
    public static final int SAMPLE_RATE = 16_000;
    /** 1 MiB of wav per buffer, the media store's chunk size. */
    private static final int WAV_CHUNK_SAMPLES = 512 * 1024;

    public double durationSec() {
        return samples.length / (double) SAMPLE_RATE;
    }

    /** Bytes of {@link #wavChunks()}. */
    public long wavLength() {
        return WavCodec.length(samples);
    }

    /** The normalised wav, made chunk by chunk as the store takes it: no second whole copy of the audio. */
    public Multi<ByteBuffer> wavChunks() {
        return WavCodec.stream(samples, SAMPLE_RATE, WAV_CHUNK_SAMPLES);
    }
}
