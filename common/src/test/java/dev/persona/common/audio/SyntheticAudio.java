package dev.persona.common.audio;

import java.util.Random;

/** Test signals: low noise with tone bursts at known times. */
public final class SyntheticAudio {
    private final short[] samples;
    private final int rate = PcmAudio.EXPECTED_RATE;

    private SyntheticAudio(double seconds) {
        samples = new short[(int) Math.round(seconds * rate)];
    }

    public static SyntheticAudio seconds(double seconds) {
        return new SyntheticAudio(seconds);
    }

    /** Gaussian noise with this RMS in dBFS over the whole signal (deterministic). */
    public SyntheticAudio noise(double dbfs) {
        Random random = new Random(7);
        double rms = Math.pow(10, dbfs / 20) * 32768;
        for (int i = 0; i < samples.length; i++) {
            samples[i] = clip(samples[i] + random.nextGaussian() * rms);
        }
        return this;
    }

    public SyntheticAudio offset(int dc) {
        for (int i = 0; i < samples.length; i++) {
            samples[i] = clip(samples[i] + dc);
        }
        return this;
    }

    /** A sine tone with this RMS in dBFS between two times. */
    public SyntheticAudio tone(double fromSec, double toSec, double hz, double dbfs) {
        double amplitude = Math.pow(10, dbfs / 20) * 32768 * Math.sqrt(2);
        for (int i = (int) (fromSec * rate); i < Math.min(samples.length, (int) (toSec * rate)); i++) {
            samples[i] = clip(samples[i] + amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return this;
    }

    public PcmAudio build() {
        return new PcmAudio(samples.clone(), rate);
    }

    private static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
}
