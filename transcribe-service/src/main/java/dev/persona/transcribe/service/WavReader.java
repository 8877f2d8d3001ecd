package dev.persona.transcribe.service;

import dev.persona.common.audio.PcmAudio;
import dev.persona.transcribe.domain.PermanentFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the normalised wav ingest-service writes: 16 kHz, mono, signed 16-bit PCM; anything else is refused with a
 * {@link PermanentFailure}. The RIFF chunks are walked here rather than by javax.sound: every size is an unsigned
 * 32-bit number checked against the bytes present, and each step moves forward by at least a chunk header, so no
 * header can make the walk fail, wrap around or loop.
 */
public final class WavReader {
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    public static PcmAudio read(Path wav) {
        try {
            return read(Files.readAllBytes(wav));
        } catch (IOException e) {
            throw new PermanentFailure("could not read audio file " + wav + ": " + e.getMessage(), e);
        }
    }

    public static PcmAudio read(byte[] wav) {
        if (wav.length < 12 || !(ascii(wav, 0, "RIFF") || ascii(wav, 0, "RF64")) || !ascii(wav, 8, "WAVE")) {
            throw new PermanentFailure("the normalised audio is not a readable wav file");
        }
        boolean formatChecked = false;
        long pos = 12;
        while (pos + CHUNK_HEADER_BYTES <= wav.length) {
            int at = (int) pos;
            long size = u32(wav, at + 4);
            long body = pos + CHUNK_HEADER_BYTES;
            long available = wav.length - body;
            if (ascii(wav, at, "fmt ")) {
                requirePcm16kMono(wav, (int) body, size, available);
                formatChecked = true;
            } else if (ascii(wav, at, "data")) {
                if (!formatChecked) {
                    throw new PermanentFailure("the normalised audio has no format chunk before its data");
                }
                return samples(wav, (int) body, size, available);
            }
            pos = body + size + (size & 1); // odd-sized bodies are followed by a pad byte
        }
        throw new PermanentFailure("the normalised audio has no data chunk");
    }

    private static void requirePcm16kMono(byte[] wav, int body, long size, long available) {
        if (size < 16 || size > available) {
            throw new PermanentFailure("the normalised audio has a damaged format chunk (" + size + " bytes declared, "
                    + available + " present)");
        }
        ByteBuffer f = ByteBuffer.wrap(wav, body, 16).slice().order(ByteOrder.LITTLE_ENDIAN);
        int tag = f.getShort(0) & 0xFFFF;
        int channels = f.getShort(2) & 0xFFFF;
        long rate = Integer.toUnsignedLong(f.getInt(4));
        int bits = f.getShort(14) & 0xFFFF;
        if ((tag != PCM && tag != EXTENSIBLE) || bits != 16 || channels != 1 || rate != PcmAudio.EXPECTED_RATE) {
            throw new PermanentFailure("the normalised audio is not 16 kHz mono 16-bit PCM (found format " + tag
                    + ", " + channels + " channels, " + rate + " Hz, " + bits + " bits)");
        }
    }

    private static PcmAudio samples(byte[] wav, int body, long size, long available) {
        // Streaming writers leave the size unknown; then the data runs to the end of the file.
        long bytes = size == UNKNOWN_SIZE ? available : size;
        if (bytes > available) {
            throw new PermanentFailure("the normalised audio is truncated: its data chunk declares " + size
                    + " bytes but " + available + " are present");
        }
        short[] samples = new short[(int) (bytes / 2)];
        ByteBuffer.wrap(wav, body, samples.length * 2).slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                .get(samples);
        return new PcmAudio(samples, PcmAudio.EXPECTED_RATE);
    }

    private static boolean ascii(byte[] b, int offset, String text) {
        return offset + 4 <= b.length && new String(b, offset, 4, StandardCharsets.US_ASCII).equals(text);
    }

    private static long u32(byte[] b, int offset) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(b, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }
}
