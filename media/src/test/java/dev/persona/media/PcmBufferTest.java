package dev.persona.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;

/** The decode's only growing copy of the PCM: blocks that never pass the capacity, joined once in order. */
class PcmBufferTest {

    private static short[] ramp(int from, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (from + i);
        }
        return s;
    }

    @Test
    void samplesAcrossBlockBoundariesComeBackInOrderAndExactlySized() {
        PcmBuffer pcm = new PcmBuffer(1_000_000);
        int n = 0;
        short[] all = ramp(0, 3 * PcmBuffer.BLOCK_SAMPLES + 123);
        for (int size : new int[] {1, 4095, PcmBuffer.BLOCK_SAMPLES, 7, PcmBuffer.BLOCK_SAMPLES * 2 - 4103 + 123}) {
            assertTrue(pcm.append(ShortBuffer.wrap(all, n, size)));
            n += size;
        }
        assertEquals(all.length, n);
        assertEquals(all.length, pcm.count());
        assertArrayEquals(all, pcm.toArray());
        assertEquals(0, pcm.count());
    }

    @Test
    void samplesThatWouldPassTheCapacityAreRefusedWholeAndNothingMoreIsAllocated() {
        long capacity = 10 * PcmBuffer.BLOCK_SAMPLES + 5;
        PcmBuffer pcm = new PcmBuffer(capacity);
        short[] frame = ramp(0, 1152);
        long accepted = 0;
        ShortBuffer last;
        while (pcm.append(last = ShortBuffer.wrap(frame))) {
            accepted += frame.length;
        }
        assertEquals(accepted, pcm.count());
        assertTrue(accepted <= capacity && accepted + frame.length > capacity);
        assertEquals(frame.length, last.remaining(), "a refused frame is not taken in part");
        assertFalse(pcm.append(ShortBuffer.wrap(frame)));
        // At most one partly filled block beyond the samples held: never a doubled or second copy.
        assertTrue(pcm.allocatedSamples() < accepted + PcmBuffer.BLOCK_SAMPLES, "allocated " + pcm.allocatedSamples());
    }

    @Test
    void theCapacityNeverExceedsWhatAJavaArrayCanHold() {
        assertEquals(PcmBuffer.MAX_CAPACITY, new PcmBuffer(Long.MAX_VALUE).capacity());
        assertEquals(0, new PcmBuffer(-5).capacity());
    }
}
