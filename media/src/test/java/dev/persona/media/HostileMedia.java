package dev.persona.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/** Uploads an attacker crafts, made in code: lying RIFF sizes, FFmpeg playlists behind an ID3 tag, long tiny files. */
public final class HostileMedia {
    /** Offset of the size field of the LIST chunk in the speech.wav fixture (fmt at 12, LIST at 36). */
    public static final int FIXTURE_LIST_SIZE_OFFSET = 40;

    private HostileMedia() {
    }

    /** A copy of {@code wav} with the 32-bit little-endian size field at {@code offset} set to {@code size}. */
    public static byte[] withSizeField(byte[] wav, int offset, long size) {
        byte[] copy = wav.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, (int) size);
        return copy;
    }

    /** An empty ID3v2.4 tag followed by an FFmpeg concat playlist that names {@code path}. */
    public static byte[] id3ThenConcatPlaylist(String path) {
        byte[] tag = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0};
        byte[] playlist = ("ffconcat version 1.0\nfile '" + path + "'\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[tag.length + playlist.length];
        System.arraycopy(tag, 0, out, 0, tag.length);
        System.arraycopy(playlist, 0, out, tag.length, playlist.length);
        return out;
    }

    /**
     * {@code seconds} of a speech-level tone as 6 kbit/s Opus in WebM, written to a stream that cannot seek: so the
     * container never states its duration, and only decoding tells how long it is. About 1 KB per second.
     */
    public static byte[] webmWithoutDuration(int seconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rate = 48_000;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, 1)) {
            recorder.setFormat("webm");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_OPUS);
            recorder.setSampleRate(rate);
            recorder.setAudioBitrate(6_000);
            recorder.start();
            short[] second = new short[rate];
            for (int i = 0; i < rate; i++) {
                second[i] = (short) (3000 * Math.sin(2 * Math.PI * 220 * i / rate));
            }
            for (int s = 0; s < seconds; s++) {
                recorder.recordSamples(rate, 1, ShortBuffer.wrap(second));
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("could not encode the test file", e);
        }
        return out.toByteArray();
    }

    /** What the container itself claims about its length, in microseconds (0 or less: it does not say). */
    public static long declaredMicros(byte[] bytes) {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new java.io.ByteArrayInputStream(bytes), bytes.length)) {
            grabber.start();
            return grabber.getLengthInTime();
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
