package dev.persona.media;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

/**
 * FFmpeg (JavaCV) confined to one upload's bytes. FFmpeg can open files, URLs and playlists on its own (concat, hls,
 * image sequences, mov external references); an upload must never make it read anything but itself. So:
 * <ul>
 * <li>the bytes reach FFmpeg through JavaCV's read callback over memory, never as a path or URL;</li>
 * <li>the demuxer is forced from the sniffed format, so FFmpeg never probes the bytes for another one;</li>
 * <li>{@code format_whitelist} allows only the demuxers of the accepted formats (also for anything a demuxer would
 * open nested) and {@code protocol_whitelist} allows no protocol at all, so nothing else can be opened;</li>
 * <li>decoding streams into a {@link PcmBuffer} capped at the longest accepted recording and checks a wall-clock
 * deadline between frames and on every read.</li>
 * </ul>
 */
final class FfmpegAudio {
    private static final Logger LOG = Logger.getLogger(FfmpegAudio.class);

    /** The demuxers of {@link AudioFormat}, by the names FFmpeg matches (matroska is also webm, mov also mp4/m4a). */
    static final String FORMAT_WHITELIST = "wav,mp3,aac,ogg,flac,matroska,webm,mov,mp4,m4a";
    /**
     * A name no FFmpeg protocol has: the whitelist then matches nothing, so file, pipe, http, concat, data and every
     * other protocol are refused. The upload itself needs none: it is read through the custom I/O callback.
     */
    static final String NO_PROTOCOL = "persona-no-protocol";

    private FfmpegAudio() {
    }

    static {
        // FFmpeg writes probe chatter to stderr; keep only real errors in our log.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        org.bytedeco.javacv.FFmpegLogCallback.set();
    }

    /**
     * 16 kHz mono samples of the upload's audio stream (at least one), within the budget; refusals are
     * {@link ApiException}s.
     */
    static short[] decode(byte[] bytes, AudioFormat format, DecodeBudget budget) {
        try {
            return decodeOrFail(bytes, format, budget);
        } catch (FrameGrabber.Exception e) {
            // A read the deadline refused surfaces as a failed open or a broken stream.
            budget.checkTime();
            LOG.debugf(e, "FFmpeg could not decode a %s upload", format.label());
            throw corrupt("The " + format.label() + " file could not be decoded: it is damaged or incomplete.");
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            budget.checkTime();
            LOG.warnf(e, "Unexpected failure decoding a %s upload", format.label());
            throw corrupt("The " + format.label() + " file could not be decoded.");
        }
    }

    private static short[] decodeOrFail(byte[] bytes, AudioFormat format, DecodeBudget budget)
            throws FrameGrabber.Exception {
        try (FFmpegFrameGrabber grabber = confined(new DeadlineInput(bytes, budget), bytes.length, format)) {
            grabber.start();
            budget.checkTime();
            if (!grabber.hasAudio()) {
                throw corrupt("The file has no audio stream.");
            }
            if (budget.declaredTooLong(grabber.getLengthInTime())) {
                throw budget.tooLong(grabber.getLengthInTime() / 1e6);
            }
            PcmBuffer pcm = new PcmBuffer(budget.maxSamples());
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                budget.checkTime();
                if (frame.samples == null || frame.samples.length == 0) {
                    continue;
                }
                ShortBuffer samples = (ShortBuffer) frame.samples[0];
                if (!pcm.append(samples)) {
                    throw budget.tooLongSamples(pcm.count() + samples.remaining());
                }
            }
            // A read cut off by the deadline ends the stream like its end would: do not take it for the end.
            budget.checkTime();
            grabber.stop();
            if (pcm.count() == 0) {
                throw corrupt("The file holds no decodable audio.");
            }
            return pcm.toArray();
        }
    }

    /** A grabber that reads only {@code input}, with only the demuxer of {@code format}. */
    static FFmpegFrameGrabber confined(ByteArrayInputStream input, int length, AudioFormat format) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input, length);
        grabber.setFormat(format.demuxer());
        grabber.setOption("format_whitelist", FORMAT_WHITELIST);
        grabber.setOption("protocol_whitelist", NO_PROTOCOL);
        grabber.setSampleRate(DecodedAudio.SAMPLE_RATE);
        grabber.setAudioChannels(1);
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
        return grabber;
    }

    static ApiException corrupt(String detail) {
        return new ApiException(422, ErrorCodes.CORRUPT_MEDIA, "Corrupt media", detail);
    }

    /**
     * The upload as FFmpeg reads it: every read and seek first checks the deadline, so a decode that runs out of time
     * stops at its next read even inside FFmpeg's probing, where no frame comes back to check between.
     */
    static final class DeadlineInput extends ByteArrayInputStream {
        private final DecodeBudget budget;

        DeadlineInput(byte[] bytes, DecodeBudget budget) {
            super(bytes);
            this.budget = budget;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (budget.expired()) {
                return failRead();
            }
            return super.read(b, off, len);
        }

        @Override
        public synchronized int read() {
            if (budget.expired()) {
                return failRead();
            }
            return super.read();
        }

        @Override
        public synchronized long skip(long n) {
            if (budget.expired()) {
                return failRead();
            }
            return super.skip(n);
        }

        /** JavaCV's callbacks turn any exception into an FFmpeg I/O error; an unchecked one passes its signature. */
        private static int failRead() {
            throw new java.io.UncheckedIOException(new IOException("decode deadline passed"));
        }
    }
}
