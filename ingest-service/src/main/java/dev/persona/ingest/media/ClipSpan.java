package dev.persona.ingest.media;

import dev.persona.media.WavCodec;
import dev.persona.media.DecodedAudio;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.util.Locale;

/**
 * The samples of a recording's normalised 16 kHz audio that one clip holds, {@code [fromSample, toSample)}.
 *
 * <p>A citation carries the seconds of one sentence and a player asks for exactly those. Recogniser times may run a
 * little past the last sample, and a player cannot repair a refused request, so an end past the recording is clipped
 * to it rather than refused; only a start inside the recording is required. That also bounds a huge request: a clip
 * is never longer than its recording, which {@code max-audio-seconds} bounds.
 */
public record ClipSpan(long fromSample, long toSample) {

    public ClipSpan {
        if (fromSample < 0 || toSample <= fromSample) {
            throw new IllegalArgumentException("bad clip [" + fromSample + ", " + toSample + ")");
        }
    }

    /**
     * Resolves a request in seconds (either bound may be null: the start or the end of the recording) against the
     * stored audio. Throws 400 bad-request for a negative start, an end not after the start, a start at or past the
     * end of the recording, or a span shorter than one sample.
     */
    public static ClipSpan resolve(Double startSec, Double endSec, long storedSamples) {
        double start = startSec == null ? 0 : startSec;
        if (start < 0) {
            throw badRequest("'start' must be 0 or more seconds.");
        }
        if (endSec != null && endSec <= start) {
            throw badRequest("'end' must be after 'start'.");
        }
        long from = toSample(start);
        if (from >= storedSamples) {
            throw badRequest(String.format(Locale.ROOT, "'start' must be before the end of the %.3f s recording.",
                    storedSamples / (double) DecodedAudio.SAMPLE_RATE));
        }
        long to = endSec == null ? storedSamples : Math.min(storedSamples, toSample(endSec));
        if (to <= from) {
            throw badRequest("The span is shorter than one sample (1/16000 s).");
        }
        return new ClipSpan(from, to);
    }

    /** Whole samples of the stored wav, from its byte length. */
    public static long storedSamples(long wavBytes) {
        return Math.max(0, wavBytes - WavCodec.HEADER_BYTES) / 2;
    }

    public long dataBytes() {
        return (toSample - fromSample) * 2;
    }

    public double startSec() {
        return fromSample / (double) DecodedAudio.SAMPLE_RATE;
    }

    public double endSec() {
        return toSample / (double) DecodedAudio.SAMPLE_RATE;
    }

    /** Math.round saturates at Long.MAX_VALUE, so even 1e300 seconds cannot overflow the arithmetic above. */
    private static long toSample(double seconds) {
        return Math.round(seconds * DecodedAudio.SAMPLE_RATE);
    }

    private static ApiException badRequest(String detail) {
        return ApiException.badRequest(ErrorCodes.BAD_REQUEST, detail);
    }
}
