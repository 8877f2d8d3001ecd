package dev.persona.ingest.media;

import dev.persona.media.DecodedAudio;
import java.util.Random;

/** 16 kHz test signals made in code, with the levels and times that make them what their names say. */
public final class TestSignals {
    private static final int RATE = DecodedAudio.SAMPLE_RATE;

    private TestSignals() {
    }

    /**
     * Six seconds of low room noise (-60 dBFS) with six 0.1 s clicks at -12 dBFS, one a second: loud, but each far
     * shorter than a word. The energy rule ingest used before the shared VAD counted 0.72 s of "voiced" frames here
     * and accepted it (see {@link #secondsOfLoudFrames}); the VAD drops every click.
     */
    public static short[] noiseWithClicks() {
        short[] samples = noise(6, -60);
        for (int click = 0; click < 6; click++) {
            addTone(samples, 0.5 + click, 0.6 + click, 1500, -12);
        }
        return samples;
    }

    /** Low room noise with one 1.5 s tone at a speaking level: something the VAD must keep. */
    public static short[] noiseWithSustainedTone() {
        short[] samples = noise(4, -60);
        addTone(samples, 1.0, 2.5, 300, -20);
        return samples;
    }

    /**
     * The rule ingest applied before it used the shared VAD, kept only to show that a fixture is one the old rule
     * accepted: seconds of 30 ms frames whose RMS is above -45 dBFS (0.3 s or more passed).
     */
    public static double secondsOfLoudFrames(short[] samples) {
        int frame = RATE * 30 / 1000;
        int loudFrames = 0;
        for (int start = 0; start < samples.length; start += frame) {
            int end = Math.min(samples.length, start + frame);
            double sum = 0;
            for (int i = start; i < end; i++) {
                sum += (double) samples[i] * samples[i];
            }
            if (20 * Math.log10(Math.sqrt(sum / (end - start)) / 32768.0) > -45) {
                loudFrames++;
            }
        }
        return loudFrames * frame / (double) RATE;
    }

    /** Gaussian noise with this RMS in dBFS (deterministic). */
    static short[] noise(double seconds, double dbfs) {
        Random random = new Random(7);
        double rms = Math.pow(10, dbfs / 20) * 32768;
        short[] samples = new short[(int) Math.round(seconds * RATE)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = clip(random.nextGaussian() * rms);
        }
        return samples;
    }

    /** Adds a sine tone with this RMS in dBFS between two times. */
    static void addTone(short[] samples, double fromSec, double toSec, double hz, double dbfs) {
        double amplitude = Math.pow(10, dbfs / 20) * 32768 * Math.sqrt(2);
        for (int i = (int) (fromSec * RATE); i < Math.min(samples.length, (int) (toSec * RATE)); i++) {
            samples[i] = clip(samples[i] + amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
    }

    private static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
}
