package dev.persona.ingest.media;

import dev.persona.media.WavCodec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.smallrye.mutiny.Multi;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClipSpanTest {
    /** 3.65 s, about as long as the speech fixtures. */
    private static final long STORED = 58_400;
    private static final int ONE_SECOND = 16_000;

    private static void assertBadRequest(Double start, Double end) {
        ApiException e = assertThrows(ApiException.class, () -> ClipSpan.resolve(start, end, STORED));
        assertEquals(400, e.status());
        assertEquals(ErrorCodes.BAD_REQUEST, e.code());
    }

    @ParameterizedTest
    @CsvSource({"0.5,1.5", "1.2345,2.71828", "0,3.65", "3.6,3.64999", "0.00001,0.00009"})
    void aSpanInsideTheRecordingHoldsItsSamplesWithinOne(double start, double end) {
        ClipSpan span = ClipSpan.resolve(start, end, STORED);
        long expected = Math.round((end - start) * 16000) * 2;
        assertEquals(expected, span.dataBytes(), 2.0, span::toString);
    }

    @Test
    void missingBoundsMeanTheStartAndTheEndOfTheRecording() {
        assertEquals(new ClipSpan(0, STORED), ClipSpan.resolve(null, null, STORED));
        assertEquals(new ClipSpan(48_000, STORED), ClipSpan.resolve(3.0, null, STORED));
        assertEquals(new ClipSpan(0, 16_000), ClipSpan.resolve(null, 1.0, STORED));
    }

    @Test
    void anEndPastTheRecordingIsClippedToItHoweverLarge() {
        assertEquals(new ClipSpan(48_000, STORED), ClipSpan.resolve(3.0, 3.7, STORED));
        assertEquals(new ClipSpan(0, STORED), ClipSpan.resolve(0.0, 1e300, STORED));
    }

    @Test
    void impossibleSpansAreBadRequests() {
        assertBadRequest(-1.0, 1.0);
        assertBadRequest(2.0, 1.0);
        assertBadRequest(1.0, 1.0);
        assertBadRequest(3.65, null);
        assertBadRequest(5.0, 6.0);
        assertBadRequest(1e300, null);
        assertBadRequest(1.0, 1.00001); // both round to sample 16000: nothing to play
        assertBadRequest(null, -1.0);
    }

    @Test
    void theCutWavHasAHeaderForItsLengthAndExactlyTheSpansSamples() {
        short[] samples = new short[ONE_SECOND];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 7);
        }
        byte[] wav = WavCodec.write(samples, 16000);
        ClipSpan span = ClipSpan.resolve(0.25, 0.5, ClipSpan.storedSamples(wav.length));

        byte[] clip = join(WavClip.cut(Multi.createFrom().iterable(chunks(wav, 1000)), span));

        assertEquals(WavClip.length(span), clip.length);
        ByteBuffer header = ByteBuffer.wrap(clip).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, header.getShort(22));
        assertEquals(16000, header.getInt(24));
        assertEquals(16, header.getShort(34));
        assertEquals(8000, header.getInt(40));
        assertArrayEquals(Arrays.copyOfRange(wav, 44 + 8000, 44 + 16000), Arrays.copyOfRange(clip, 44, clip.length));
    }

    /** Odd-sized chunks, so the span's edges fall inside chunks as they do with GridFS. */
    private static List<byte[]> chunks(byte[] bytes, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size + 1) {
            out.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size + 1)));
        }
        return out;
    }

    private static byte[] join(Multi<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.subscribe().asStream().forEach(out::writeBytes);
        return out.toByteArray();
    }
}
