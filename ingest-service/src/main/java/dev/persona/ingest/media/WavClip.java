package dev.persona.ingest.media;

import dev.persona.media.WavCodec;
import dev.persona.media.DecodedAudio;
import io.smallrye.mutiny.Multi;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** Cuts a span out of a streamed 16 kHz mono 16-bit wav without holding the whole file in memory. */
public final class WavClip {

    private WavClip() {
    }

    /** Bytes of the complete clip, header included: what Content-Length announces. */
    public static long length(ClipSpan span) {
        return WavCodec.HEADER_BYTES + span.dataBytes();
    }

    /** A complete wav (header first) holding the span's samples of the normalised source. */
    public static Multi<byte[]> cut(Multi<byte[]> normalisedWav, ClipSpan span) {
        long from = WavCodec.HEADER_BYTES + span.fromSample() * 2;
        long to = WavCodec.HEADER_BYTES + span.toSample() * 2;
        AtomicLong position = new AtomicLong();
        Multi<byte[]> body = normalisedWav
                .map(chunk -> new Piece(position.getAndAdd(chunk.length), chunk))
                // Stop reading (and cancel the store's stream) once past the span.
                .select().first(piece -> piece.start() < to)
                .map(piece -> piece.slice(from, to))
                .select().where(bytes -> bytes.length > 0);
        byte[] header = WavCodec.header(DecodedAudio.SAMPLE_RATE, 1, span.dataBytes());
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(header), body);
    }

    private record Piece(long start, byte[] bytes) {
        byte[] slice(long from, long to) {
            long a = Math.max(from, start);
            long b = Math.min(to, start + bytes.length);
            return a >= b ? new byte[0] : Arrays.copyOfRange(bytes, (int) (a - start), (int) (b - start));
        }
    }
}
