package dev.persona.media;

import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoded samples as they arrive, in fixed blocks so growing never copies, up to a capacity it refuses to pass: the
 * only copy of the PCM while FFmpeg decodes. {@link #toArray} turns it into one exact array, dropping each block once
 * copied, so even then the samples are held about once.
 */
final class PcmBuffer {
    /** 4 s at 16 kHz (128 KB): small enough to waste little, large enough to keep the block list short. */
    static final int BLOCK_SAMPLES = 1 << 16;
    /** A Java array cannot be longer. */
    static final long MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private final long capacity;
    private final List<short[]> blocks = new ArrayList<>();
    private long count;

    PcmBuffer(long capacity) {
        this.capacity = Math.min(Math.max(0, capacity), MAX_CAPACITY);
    }

    long count() {
        return count;
    }

    long capacity() {
        return capacity;
    }

    /** Samples held in blocks, used or not: what the buffer costs (2 bytes each). */
    long allocatedSamples() {
        return (long) blocks.size() * BLOCK_SAMPLES;
    }

    /** Takes all remaining samples of {@code samples}, or none and returns false when they would pass the capacity. */
    boolean append(ShortBuffer samples) {
        int n = samples.remaining();
        if (count + n > capacity) {
            return false;
        }
        while (samples.hasRemaining()) {
            int inBlock = (int) (count % BLOCK_SAMPLES);
            if (inBlock == 0) {
                blocks.add(new short[BLOCK_SAMPLES]);
            }
            int take = Math.min(samples.remaining(), BLOCK_SAMPLES - inBlock);
            samples.get(blocks.get(blocks.size() - 1), inBlock, take);
            count += take;
        }
        return true;
    }

    /** All samples in one array of exactly {@link #count} samples; the buffer is empty afterwards. */
    short[] toArray() {
        short[] out = new short[(int) count];
        int pos = 0;
        for (int i = 0; i < blocks.size(); i++) {
            int n = Math.min(BLOCK_SAMPLES, out.length - pos);
            System.arraycopy(blocks.get(i), 0, out, pos, n);
            blocks.set(i, null); // let the block go before the next one is copied
            pos += n;
        }
        blocks.clear();
        count = 0;
        return out;
    }
}
