package dev.persona.ingest.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/** 16-bit PCM wav: writing the normalised audio, cutting clips and checking that an upload is not truncated. */
public final class WavCodec {
    public static final int HEADER_BYTES = 44;
    /** Streaming writers put this in the size fields when they do not know the length. */
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;

    private WavCodec() {
    }

    public static byte[] header(int sampleRate, int channels, long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * 2;
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return h.array();
    }

    public static byte[] write(short[] samples, int sampleRate) {
        byte[] out = new byte[HEADER_BYTES + samples.length * 2];
        System.arraycopy(header(sampleRate, 1, samples.length * 2L), 0, out, 0, HEADER_BYTES);
        ByteBuffer.wrap(out, HEADER_BYTES, samples.length * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(samples);
        return out;
    }

    /**
     * Returns why a RIFF/WAVE file is structurally broken (truncated data chunk, missing chunks), or empty when it is
     * sound. FFmpeg happily decodes a cut-off wav, so this check is what tells a truncated upload from a short one.
     */
    public static Optional<String> structuralProblem(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length < 12) {
            return Optional.of("The wav header is incomplete.");
        }
        long riffSize = Integer.toUnsignedLong(buf.getInt(4));
        boolean sizesKnown = riffSize != UNKNOWN_SIZE && riffSize != 0 && AudioSniffer.startsWith(b, 0, "RIFF");
        if (sizesKnown && riffSize + 8 > b.length + 1) {
            return Optional.of("The wav file is truncated: its header declares " + (riffSize + 8) + " bytes but "
                    + b.length + " arrived.");
        }
        int pos = 12;
        boolean fmt = false;
        while (pos + 8 <= b.length) {
            String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            if (id.equals("fmt ")) {
                fmt = true;
            }
            if (id.equals("data")) {
                if (!fmt) {
                    return Optional.of("The wav file has no format chunk before its data.");
                }
                long available = b.length - (pos + 8L);
                if (sizesKnown && size != UNKNOWN_SIZE && size > available) {
                    return Optional.of("The wav file is truncated: its data chunk declares " + size + " bytes but "
                            + available + " are present.");
                }
                return Optional.empty();
            }
            pos += 8 + size + (size & 1);
        }
        return Optional.of("The wav file has no complete data chunk.");
    }
}
