package dev.persona.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.problem.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** FFmpeg reads the upload and nothing else, with the accepted demuxers only, within time and length limits. */
class FfmpegAudioTest {
    /** A real audio file FFmpeg could open from the module directory, where the tests run. */
    private static final Path VICTIM = Path.of("src/test/resources/audio/speech.wav");

    private static DecodeBudget generous() {
        return new DecodeBudget(20, Duration.ofSeconds(30));
    }

    private static ApiException refused(byte[] bytes, AudioFormat format, DecodeBudget budget) {
        return assertThrows(ApiException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> FfmpegAudio.decode(bytes, format, budget)));
    }

    @ParameterizedTest
    @CsvSource({"speech.wav,WAV", "speech.mp3,MP3", "speech.ogg,OGG", "speech.webm,WEBM", "speech.m4a,M4A",
            "speech.flac,FLAC"})
    void everyAcceptedFormatStillDecodesThroughTheConfinedGrabber(String file, AudioFormat format) throws IOException {
        short[] samples = FfmpegAudio.decode(AudioSnifferTest.fixture(file), format, generous());
        double seconds = samples.length / (double) DecodedAudio.SAMPLE_RATE;
        assertTrue(seconds > 3.4 && seconds < 3.9, file + " decoded to " + seconds + " s");
    }

    @Test
    void flacBehindAnId3TagDecodesWithTheFlacDemuxer() throws IOException {
        byte[] flac = AudioSnifferTest.fixture("speech.flac");
        byte[] tagged = new byte[10 + flac.length];
        System.arraycopy(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0}, 0, tagged, 0, 10);
        System.arraycopy(flac, 0, tagged, 10, flac.length);
        assertEquals(java.util.Optional.of(AudioFormat.FLAC), AudioSniffer.sniff(tagged));
        assertTrue(FfmpegAudio.decode(tagged, AudioFormat.FLAC, generous()).length > 3 * DecodedAudio.SAMPLE_RATE);
    }

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void aConcatPlaylistNamingAServerFileIsNeverReadWhateverTheFormat(AudioFormat format) {
        assertTrue(Files.isRegularFile(VICTIM));
        for (String path : new String[] {VICTIM.toString(), VICTIM.toAbsolutePath().toString(),
                "file:" + VICTIM.toAbsolutePath()}) {
            ApiException e = refused(HostileMedia.id3ThenConcatPlaylist(path), format, generous());
            assertEquals(422, e.status(), format + " " + path);
            assertEquals("corrupt-media", e.code());
        }
    }

    @Test
    void theFormatWhitelistRefusesEveryOtherDemuxer() {
        byte[] playlist = HostileMedia.id3ThenConcatPlaylist(VICTIM.toString());
        for (String demuxer : new String[] {"concat", "hls", "image2", "lavfi"}) {
            FFmpegFrameGrabber grabber = FfmpegAudio.confined(new ByteArrayInputStream(playlist), playlist.length,
                    AudioFormat.MP3);
            grabber.setFormat(demuxer);
            assertThrows(FrameGrabber.Exception.class, () -> {
                try (grabber) {
                    grabber.start();
                }
            }, demuxer);
        }
    }

    @Test
    void theProtocolWhitelistRefusesFilesEvenToAConcatDemuxer() throws Exception {
        byte[] playlist = ("ffconcat version 1.0\nfile '" + VICTIM.toAbsolutePath() + "'\n").getBytes();
        // Let the concat demuxer itself through, as a mistake in the format list would: the file still stays shut.
        FFmpegFrameGrabber grabber = FfmpegAudio.confined(new ByteArrayInputStream(playlist), playlist.length,
                AudioFormat.MP3);
        grabber.setFormat("concat");
        grabber.setOption("format_whitelist", FfmpegAudio.FORMAT_WHITELIST + ",concat");
        grabber.setOption("safe", "0");
        long samples = 0;
        try (grabber) {
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                samples += frame.samples == null ? 0 : frame.samples[0].remaining();
            }
        } catch (FrameGrabber.Exception refused) {
            // refused at open: equally fine
        }
        assertEquals(0, samples, "no sample of the named file was read");
    }

    @Test
    void aDeadlineAlreadyPassedIsParseTimeout() throws IOException {
        byte[] flac = AudioSnifferTest.fixture("speech.flac");
        ApiException e = refused(flac, AudioFormat.FLAC, new DecodeBudget(20, Duration.ofMillis(-1)));
        assertEquals(422, e.status());
        assertEquals("parse-timeout", e.code());
    }

    /** Wherever the time runs out (probing, a read, between frames), the answer is parse-timeout, never a cut audio. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.01, 0.1, 0.5, 0.9, 0.99})
    void aDeadlinePassingAtAnyPointOfTheDecodeIsParseTimeout(double fraction) throws IOException {
        byte[] ogg = AudioSnifferTest.fixture("speech.ogg");
        AtomicLong looks = new AtomicLong();
        FfmpegAudio.decode(ogg, AudioFormat.OGG, new DecodeBudget(20, Duration.ofDays(1), looks::getAndIncrement));
        long looksPerDecode = looks.get();
        assertTrue(looksPerDecode > 20, "the clock is read on every read and frame: " + looksPerDecode);

        // Each look at the clock moves it one nanosecond on; the time runs out after that fraction of the decode.
        long allowed = Math.max(1, (long) (fraction * looksPerDecode));
        AtomicLong clock = new AtomicLong();
        ApiException e = refused(ogg, AudioFormat.OGG,
                new DecodeBudget(20, Duration.ofNanos(allowed), clock::getAndIncrement));
        assertEquals("parse-timeout", e.code(), "after " + allowed + " of " + looksPerDecode + " looks");
    }

    @Test
    void aFileThatDoesNotStateItsLengthIsRefusedOnceTheLimitIsDecoded() {
        byte[] webm = HostileMedia.webmWithoutDuration(30);
        assertTrue(HostileMedia.declaredMicros(webm) <= 0, "the container does not say how long it is");
        ApiException e = refused(webm, AudioFormat.WEBM, new DecodeBudget(5, Duration.ofSeconds(30)));
        assertEquals(413, e.status());
        assertEquals("too-long", e.code());
        // Stopped where the limit was passed: 5 s and a frame, not the 30 s the file holds.
        assertTrue(e.getMessage().contains("at least 5 s"), e.getMessage());
    }
}
