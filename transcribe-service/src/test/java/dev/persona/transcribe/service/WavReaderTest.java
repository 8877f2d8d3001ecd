package dev.persona.transcribe.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.audio.PcmAudio;
import dev.persona.transcribe.domain.PermanentFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The normalised wav reader: the audio ingest writes is read exactly; any other header fails, quickly, as permanent. */
class WavReaderTest {
    private static final short[] SAMPLES = {0, 1, -1, 32767, -32768, 1234, -4321};
    private static final Duration QUICKLY = Duration.ofSeconds(2);

    private static byte[] fixture() throws IOException {
        try (InputStream in = WavReaderTest.class.getResourceAsStream("/audio/grandmother.wav")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsWhatIngestWritesSampleForSample() {
        PcmAudio audio = WavReader.read(wav(fmt(1, 1, 16000, 16), SAMPLES, new byte[0]));
        assertEquals(16000, audio.sampleRate());
        assertArrayEquals(SAMPLES, audio.samples());
    }

    @Test
    void readsTheFixtureToItsDeclaredLength() throws IOException {
        byte[] wav = fixture();
        long dataBytes = Integer.toUnsignedLong(ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(40));
        assertEquals(dataBytes / 2, WavReader.read(wav).samples().length);
    }

    @Test
    void chunksBeforeTheDataAreSkippedWithTheirPadByte() {
        byte[] list = chunk("LIST", new byte[] {'I', 'N', 'F'});
        byte[] padded = new byte[list.length + 1];
        System.arraycopy(list, 0, padded, 0, list.length);
        assertArrayEquals(SAMPLES, WavReader.read(wav(fmt(1, 1, 16000, 16), SAMPLES, padded)).samples());
    }

    @ParameterizedTest
    @ValueSource(longs = {0x7FFFFFF0L, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFF0L, 0xFFFFFFF7L, 0xFFFFFFFEL})
    void aChunkSizeNearTwoToThe31Or32FailsPermanentlyInsteadOfThrowingOrLooping(long size) throws IOException {
        byte[] wav = fixture();
        for (int field : new int[] {16, 40}) { // the fmt and data sizes
            byte[] patched = withSize(wav, field, size);
            assertThrows(PermanentFailure.class,
                    () -> assertTimeoutPreemptively(QUICKLY, () -> WavReader.read(patched)), field + " " + size);
        }
        byte[] junkFirst = wav(fmt(1, 1, 16000, 16), SAMPLES, withSize(chunk("JUNK", new byte[8]), 4, size));
        assertThrows(PermanentFailure.class, () -> assertTimeoutPreemptively(QUICKLY, () -> WavReader.read(junkFirst)));
    }

    @Test
    void randomSizeFieldsAlwaysEndQuicklyWithSamplesOrAPermanentFailure() throws IOException {
        byte[] wav = fixture();
        Random random = new Random(5);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 3000; i++) {
                byte[] patched = withSize(wav, new int[] {4, 16, 40}[random.nextInt(3)], random.nextInt() & 0xFFFFFFFFL);
                try {
                    WavReader.read(patched);
                } catch (PermanentFailure expected) {
                    // the only failure allowed
                }
            }
        });
    }

    @Test
    void truncatedDataAndOtherFormatsArePermanentFailures() throws IOException {
        byte[] wav = fixture();
        PermanentFailure cut = assertThrows(PermanentFailure.class,
                () -> WavReader.read(java.util.Arrays.copyOf(wav, wav.length / 2)));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        assertThrows(PermanentFailure.class, () -> WavReader.read(wav(fmt(1, 2, 16000, 16), SAMPLES, new byte[0])));
        assertThrows(PermanentFailure.class, () -> WavReader.read(wav(fmt(1, 1, 8000, 16), SAMPLES, new byte[0])));
        assertThrows(PermanentFailure.class, () -> WavReader.read(wav(fmt(3, 1, 16000, 16), SAMPLES, new byte[0])));
        assertThrows(PermanentFailure.class, () -> WavReader.read(wav(new byte[8], SAMPLES, new byte[0])));
        assertThrows(PermanentFailure.class, () -> WavReader.read("not a wav at all".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(PermanentFailure.class, () -> WavReader.read(new byte[0]));
    }

    @Test
    void aStreamingWriterUnknownDataSizeReadsToTheEnd() {
        byte[] wav = wav(fmt(1, 1, 16000, 16), SAMPLES, new byte[0]);
        assertArrayEquals(SAMPLES, WavReader.read(withSize(wav, 40, 0xFFFFFFFFL)).samples());
    }

    private static byte[] withSize(byte[] bytes, int offset, long size) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, (int) size);
        return copy;
    }

    private static byte[] fmt(int tag, int channels, int rate, int bits) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) tag).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8))
                .putShort((short) bits).array();
    }

    private static byte[] chunk(String id, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body).array();
    }

    /** RIFF/WAVE with the fmt chunk, then {@code between} (other chunks), then the data. */
    private static byte[] wav(byte[] fmtBody, short[] samples, byte[] between) {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.asShortBuffer().put(samples);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(chunk("fmt ", fmtBody));
        body.writeBytes(between);
        body.writeBytes(chunk("data", data.array()));
        return ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray()).array();
    }
}
