package dev.persona.ingest.media;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

/**
 * Validates and decodes an audio upload to 16 kHz mono PCM with FFmpeg (JavaCV). Every refusal is an
 * {@link ApiException} with a stable code, raised before anything is stored. Whether the audio holds speech is
 * {@link SpeechCheck}'s question, not this one's. Blocking and CPU-bound: call it from a worker thread.
 */
@ApplicationScoped
public class AudioDecoder {
    private static final Logger LOG = Logger.getLogger(AudioDecoder.class);

    static {
        // FFmpeg writes probe chatter to stderr; keep only real errors in our log.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegLogCallback.set();
    }

    @Inject
    IngestConfig config;

    public DecodedAudio decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiException.badRequest(ErrorCodes.EMPTY_FILE, "The file is empty.");
        }
        AudioFormat format = AudioSniffer.sniff(bytes).orElseThrow(() -> new ApiException(415,
                ErrorCodes.UNSUPPORTED_FORMAT, "Unsupported format",
                "The file is not audio in a supported format (wav, mp3, ogg/opus, webm, m4a/aac, flac)."));
        if (format == AudioFormat.WAV) {
            WavCodec.structuralProblem(bytes).ifPresent(problem -> {
                throw corrupt(problem);
            });
        }
        short[] samples = decodeSamples(bytes, format);
        if (samples.length == 0) {
            throw corrupt("The file holds no decodable audio.");
        }
        return new DecodedAudio(samples, format);
    }

    private short[] decodeSamples(byte[] bytes, AudioFormat format) {
        double maxSeconds = config.maxAudioSeconds();
        long maxSamples = (long) Math.ceil(maxSeconds * DecodedAudio.SAMPLE_RATE);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(bytes), bytes.length)) {
            grabber.setSampleRate(DecodedAudio.SAMPLE_RATE);
            grabber.setAudioChannels(1);
            grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            grabber.start();
            if (grabber.hasAudio() == false) {
                throw corrupt("The file has no audio stream.");
            }
            long declaredMicros = grabber.getLengthInTime();
            if (declaredMicros > 0 && declaredMicros / 1e6 > maxSeconds + 1) {
                throw tooLong(declaredMicros / 1e6, maxSeconds);
            }
            short[] out = new short[(int) Math.min(maxSamples + 1, Math.max(16_000, declaredMicros / 1e6 * 16_000 + 1024))];
            int count = 0;
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                if (frame.samples == null || frame.samples.length == 0) {
                    continue;
                }
                ShortBuffer buffer = (ShortBuffer) frame.samples[0];
                int n = buffer.remaining();
                if (count + n > maxSamples) {
                    throw tooLong((count + n) / (double) DecodedAudio.SAMPLE_RATE, maxSeconds);
                }
                if (count + n > out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(maxSamples + 1, Math.max(out.length * 2L, count + n)));
                }
                buffer.get(out, count, n);
                count += n;
            }
            grabber.stop();
            return count == out.length ? out : Arrays.copyOf(out, count);
        } catch (FrameGrabber.Exception e) {
            LOG.debugf(e, "FFmpeg could not decode a %s upload", format.label());
            throw corrupt("The " + format.label() + " file could not be decoded: it is damaged or incomplete.");
        }
    }

    private static ApiException corrupt(String detail) {
        return new ApiException(422, ErrorCodes.CORRUPT_MEDIA, "Corrupt media", detail);
    }

    private static ApiException tooLong(double seconds, double maxSeconds) {
        return new ApiException(413, ErrorCodes.TOO_LONG, "Recording too long", String.format(Locale.ROOT,
                "The recording lasts at least %.0f s; at most %.0f s are accepted.", seconds, maxSeconds));
    }
}
