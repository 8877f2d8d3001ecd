package dev.persona.media;

import io.smallrye.mutiny.Multi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** 16-bit PCM wav: writing the normalised audio, cutting clips and checking that an upload is not truncated. */
public final class WavCodec {
    public static final int HEADER_BYTES = 44;
    /** Streaming writers put this in the size fields when they do not know the length. */
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final int MIN_FMT_BYTES = 16;

    private WavCodec() {
    }

    public static byte[] header(int sampleRate, int channels, long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * 2;
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(sampleRate).putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return h.array();
    }

    public static byte[] write(short[] samples, int sampleRate) {
        byte[] out = new byte[HEADER_BYTES + samples.length * 2];
        System.arraycopy(header(sampleRate, 1, samples.length * 2L), 0, out, 0, HEADER_BYTES);
        ByteBuffer.wrap(out, HEADER_BYTES, samples.length * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(samples);
        return out;
    }

    /** Bytes of the mono wav {@link #stream} produces. */
    public static long length(short[] samples) {
        return HEADER_BYTES + samples.length * 2L;
    }

    /**
     * The same bytes as {@link #write}, made one buffer of {@code chunkSamples} at a time while the consumer asks for
     * them: storing the normalised audio never needs a second whole copy of it.
     */
    public static Multi<ByteBuffer> stream(short[] samples, int sampleRate, int chunkSamples) {
        int chunks = (int) ((samples.length + (long) chunkSamples - 1) / chunkSamples);
        Multi<ByteBuffer> body = Multi.createFrom().range(0, chunks).map(i -> {
            int from = i * chunkSamples;
            int n = Math.min(chunkSamples, samples.length - from);
            ByteBuffer buffer = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asShortBuffer().put(samples, from, n);
            return buffer;
        });
        ByteBuffer header = ByteBuffer.wrap(header(sampleRate, 1, samples.length * 2L));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(header), body);
    }

    /**
     * Returns why a RIFF/WAVE file is structurally broken (truncated data chunk, missing or impossible chunks), or
     * empty when it is sound. FFmpeg happily decodes a cut-off wav, so this check is what tells a truncated upload from
     * a short one. Every size is an unsigned 32-bit number checked against the bytes actually present, and each step
     * moves forward by at least a chunk header, so no header can make the walk fail, wrap or go round in circles.
     */
    public static Optional<String> structuralProblem(byte[] b) {
        if (b.length < 12) {
            return Optional.of("The wav header is incomplete.");
        }
        long riffSize = u32(b, 4);
        boolean sizesKnown = riffSize != UNKNOWN_SIZE && riffSize != 0 && AudioSniffer.startsWith(b, 0, "RIFF");
        if (sizesKnown && riffSize < 4) {
            return Optional.of("The wav header declares a RIFF size of " + riffSize + " bytes, less than its own.");
        }
        // One missing pad byte at the very end is tolerated: some writers leave it out.
        if (sizesKnown && riffSize + 8 > b.length + 1L) {
            return Optional.of("The wav file is truncated: its header declares " + (riffSize + 8) + " bytes but "
                    + b.length + " arrived.");
        }
        boolean fmt = false;
        long pos = 12;
        while (pos + CHUNK_HEADER_BYTES <= b.length) {
            Chunk chunk = Chunk.at(b, pos);
            if (chunk.id().equals("fmt ")) {
                Optional<String> problem = formatProblem(b, chunk);
                if (problem.isPresent()) {
                    return problem;
                }
                fmt = true;
            } else if (chunk.id().equals("data")) {
                return dataProblem(b, chunk, fmt, sizesKnown);
            } else if (chunk.end() > b.length) {
                return Optional.of("The wav file is truncated: its '" + chunk.id() + "' chunk declares "
                        + chunk.size() + " bytes but " + chunk.available(b) + " are present.");
            }
            pos = chunk.next();
        }
        return Optional.of("The wav file has no complete data chunk.");
    }

    private static Optional<String> formatProblem(byte[] b, Chunk chunk) {
        if (chunk.size() < MIN_FMT_BYTES) {
            return Optional.of("The wav format chunk has " + chunk.size() + " bytes; at least 16 are needed.");
        }
        if (chunk.end() > b.length) {
            return Optional.of("The wav file is truncated: its format chunk declares " + chunk.size()
                    + " bytes but " + chunk.available(b) + " are present.");
        }
        int body = (int) chunk.body();
        int channels = u16(b, body + 2);
        long sampleRate = u32(b, body + 4);
        if (channels == 0 || sampleRate == 0) {
            return Optional.of("The wav format chunk declares " + channels + " channels at " + sampleRate + " Hz.");
        }
        return Optional.empty();
    }

    private static Optional<String> dataProblem(byte[] b, Chunk chunk, boolean fmt, boolean sizesKnown) {
        if (!fmt) {
            return Optional.of("The wav file has no format chunk before its data.");
        }
        if (sizesKnown && chunk.size() != UNKNOWN_SIZE && chunk.end() > b.length) {
            return Optional.of("The wav file is truncated: its data chunk declares " + chunk.size() + " bytes but "
                    + chunk.available(b) + " are present.");
        }
        return Optional.empty();
    }

    /** One chunk header: where it starts, its four-character id and its declared (unsigned 32-bit) size. */
    private record Chunk(long offset, String id, long size) {
        static Chunk at(byte[] b, long offset) {
            return new Chunk(offset, printableId(b, (int) offset), u32(b, (int) offset + 4));
        }

        long body() {
            return offset + CHUNK_HEADER_BYTES;
        }

        /** Where the declared body ends; may lie far past the bytes present. */
        long end() {
            return body() + size;
        }

        /** Where the next chunk starts: a body of odd size is followed by one pad byte. */
        long next() {
            return end() + (size & 1);
        }

        long available(byte[] b) {
            return Math.max(0, b.length - body());
        }
    }

    /** The id as text for matching and messages; bytes that are not printable ASCII become '?'. */
    private static String printableId(byte[] b, int offset) {
        char[] id = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = b[offset + i] & 0xFF;
            id[i] = c >= 0x20 && c < 0x7F ? (char) c : '?';
        }
        return new String(id);
    }

    private static long u32(byte[] b, int offset) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(b, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    private static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }
}
