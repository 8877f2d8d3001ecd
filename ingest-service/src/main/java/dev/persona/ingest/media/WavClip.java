package dev.persona.ingest.media;

import io.smallrye.mutiny.Multi;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** Cuts a time range out of a streamed 16 kHz mono 16-bit wav without holding the whole file in memory. */
public final class WavClip {

    private WavClip() {
    }

    /** Byte length of the PCM data of a clip; sample-aligned. */
    public static long dataBytes(double startSec, double endSec) {
        return sampleOffset(endSec) - sampleOffset(startSec);
    }

    /** A complete wav (header first) holding the audio between the two offsets of the normalised source. */
    public static Multi<byte[]> cut(Multi<byte[]> normalisedWav, double startSec, double endSec) {
        long from = WavCodec.HEADER_BYTES + sampleOffset(startSec);
        long to = WavCodec.HEADER_BYTES + sampleOffset(endSec);
        AtomicLong position = new AtomicLong();
        Multi<byte[]> body = normalisedWav
                .map(chunk -> new Piece(position.getAndAdd(chunk.length), chunk))
                .select().first(piece -> piece.start() < to)
                .map(piece -> piece.slice(from, to))
                .select().where(bytes -> bytes.length > 0);
        byte[] header = WavCodec.header(DecodedAudio.SAMPLE_RATE, 1, to - from);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(header), body);
    }

    private static long sampleOffset(double seconds) {
        return Math.round(seconds * DecodedAudio.SAMPLE_RATE) * 2L;
    }

    private record Piece(long start, byte[] bytes) {
        byte[] slice(long from, long to) {
            long a = Math.max(from, start);
            long b = Math.min(to, start + bytes.length);
            return a >= b ? new byte[0] : Arrays.copyOfRange(bytes, (int) (a - start), (int) (b - start));
        }
    }

}
