package dev.persona.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RIFF walk that finds truncated wavs: every size an unsigned 32-bit number, bounded by the bytes present. */
class WavCodecTest {
    /** Size fields of the speech.wav fixture: RIFF, fmt, LIST, data. */
    private static final int[] SIZE_FIELDS = {4, 16, HostileMedia.FIXTURE_LIST_SIZE_OFFSET, 74};
    private static final Duration QUICKLY = Duration.ofSeconds(2);

    private static byte[] fixture() throws IOException {
        return AudioSnifferTest.fixture("speech.wav");
    }

    private static Optional<String> check(byte[] wav) {
        return assertTimeoutPreemptively(QUICKLY, () -> WavCodec.structuralProblem(wav));
    }

    @Test
    void theFixtureIsSoundAndItsSizeFieldsAreWhereTheTestsPatchThem() throws IOException {
        byte[] wav = fixture();
        assertEquals(Optional.empty(), WavCodec.structuralProblem(wav));
        assertEquals("LIST", new String(wav, 36, 4, StandardCharsets.US_ASCII));
        assertEquals("data", new String(wav, 70, 4, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(longs = {0x7FFFFFF0L, 0x7FFFFFFFL, 0x80000000L, 0x80000001L, 0xFFFFFFF0L, 0xFFFFFFF7L, 0xFFFFFFF8L})
    void aChunkSizeNearTwoToThe31Or32IsAProblemNotAnExceptionOrALoop(long size) throws IOException {
        byte[] wav = fixture();
        for (int field : SIZE_FIELDS) {
            Optional<String> problem = check(HostileMedia.withSizeField(wav, field, size));
            assertTrue(problem.isPresent(), "size " + Long.toHexString(size) + " at " + field);
        }
    }

    @Test
    void chunksRunningPastTheEndAreReportedWithTheirName() throws IOException {
        byte[] wav = HostileMedia.withSizeField(fixture(), HostileMedia.FIXTURE_LIST_SIZE_OFFSET, 0xFFFFFFF0L);
        assertTrue(WavCodec.structuralProblem(wav).orElseThrow().contains("'LIST' chunk declares 4294967280 bytes"));
    }

    @Test
    void randomSizeFieldsAlwaysEndQuicklyWithAnAnswer() throws IOException {
        byte[] wav = fixture();
        Random random = new Random(8);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 5000; i++) {
                byte[] patched = HostileMedia.withSizeField(wav, SIZE_FIELDS[random.nextInt(SIZE_FIELDS.length)],
                        random.nextInt() & 0xFFFFFFFFL);
                WavCodec.structuralProblem(patched); // must neither throw nor hang
            }
        });
    }

    @Test
    void anOddSizedChunkIsFollowedByItsPadByte() {
        byte[] padded = riff(chunk("fmt ", fmt16kMono()), chunk("LIST", new byte[] {1, 2, 3}), new byte[] {0},
                chunk("data", new byte[64]));
        assertEquals(Optional.empty(), WavCodec.structuralProblem(padded));
        // Without the pad byte the data chunk is not where the walk (and FFmpeg) looks for it.
        byte[] unpadded = riff(chunk("fmt ", fmt16kMono()), chunk("LIST", new byte[] {1, 2, 3}),
                chunk("data", new byte[64]));
        assertTrue(WavCodec.structuralProblem(unpadded).isPresent());
    }

    @Test
    void manyEmptyChunksEndTheWalkAtTheData() {
        byte[][] parts = new byte[20_002][];
        parts[0] = chunk("fmt ", fmt16kMono());
        for (int i = 1; i <= 20_000; i++) {
            parts[i] = chunk("JUNK", new byte[0]);
        }
        parts[20_001] = chunk("data", new byte[32]);
        assertEquals(Optional.empty(), check(riff(parts)));
    }

    @Test
    void impossibleFormatChunksAreProblems() {
        assertTrue(WavCodec.structuralProblem(riff(chunk("fmt ", new byte[8]), chunk("data", new byte[32])))
                .orElseThrow().contains("at least 16"));
        assertTrue(WavCodec.structuralProblem(riff(chunk("fmt ", new byte[16]), chunk("data", new byte[32])))
                .orElseThrow().contains("0 channels"));
        assertTrue(WavCodec.structuralProblem(riff(chunk("data", new byte[32]), chunk("fmt ", fmt16kMono())))
                .orElseThrow().contains("no format chunk before its data"));
    }

    @Test
    void aDataChunkOfUnknownSizeFromAStreamingWriterIsAccepted() {
        byte[] wav = riff(chunk("fmt ", fmt16kMono()), chunk("data", new byte[64]));
        byte[] streaming = HostileMedia.withSizeField(HostileMedia.withSizeField(wav, 4, 0xFFFFFFFFL), 40, 0xFFFFFFFFL);
        assertEquals(Optional.empty(), WavCodec.structuralProblem(streaming));
    }

    @Test
    void theStreamedWavIsTheWrittenOneChunkByChunk() {
        short[] samples = new short[10_001];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 31);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavCodec.stream(samples, 16000, 4096).subscribe().asStream().forEach(buffer -> {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.writeBytes(bytes);
        });
        assertArrayEquals(WavCodec.write(samples, 16000), out.toByteArray());
        assertEquals(out.size(), WavCodec.length(samples));
    }

    private static byte[] fmt16kMono() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 1).putShort((short) 1)
                .putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16).array();
    }

    private static byte[] chunk(String id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body).array();
    }

    private static byte[] riff(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        ByteBuffer out = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        return out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray()).array();
    }
}
