package dev.persona.chat.service.voice;

import java.util.Arrays;

/**
 * Fundamental frequency of speech, YIN style (de Cheveigné and Kawahara 2002): per 32 ms frame, the cumulative mean
 * normalised difference function; its first dip under the threshold is the period, refined by a parabola. Frames
 * that are quiet (under -45 dBFS or 30 dB below the loudest frame) or have no dip (noise, fricatives) are unvoiced
 * and skipped. The median over voiced frames is what a listener hears as the voice's pitch.
 */
public final class PitchEstimator {
    static final double MIN_HZ = 60;
    static final double MAX_HZ = 400;
    private static final double THRESHOLD = 0.15;
    private static final double WINDOW_SEC = 0.032;
    private static final double HOP_SEC = 0.02;
    private static final double FLOOR_DBFS = -45;
    private static final double BELOW_LOUDEST_DB = 30;

    private PitchEstimator() {
    }

    /** The F0 of every voiced frame of {@code samples[from, to)}, in Hz. */
    public static double[] voicedF0(short[] samples, int from, int to, int rate) {
        int window = (int) (WINDOW_SEC * rate);
        int maxLag = (int) Math.ceil(rate / MIN_HZ);
        int minLag = (int) Math.floor(rate / MAX_HZ);
        int hop = (int) (HOP_SEC * rate);
        int span = window + maxLag;
        if (to - from < span) {
            return new double[0];
        }
        int frames = (to - from - span) / hop + 1;
        double[] rms = new double[frames];
        double loudest = 0;
        for (int f = 0; f < frames; f++) {
            rms[f] = rms(samples, from + f * hop, window);
            loudest = Math.max(loudest, rms[f]);
        }
        double floor = Math.max(32768 * Math.pow(10, FLOOR_DBFS / 20), loudest * Math.pow(10, -BELOW_LOUDEST_DB / 20));
        double[] out = new double[frames];
        int voiced = 0;
        double[] d = new double[maxLag + 1];
        for (int f = 0; f < frames; f++) {
            if (rms[f] < floor) {
                continue;
            }
            double period = period(samples, from + f * hop, window, minLag, maxLag, d);
            if (period > 0) {
                out[voiced++] = rate / period;
            }
        }
        return Arrays.copyOf(out, voiced);
    }

    /** Median of the voiced frames' F0, or NaN when none is voiced. */
    public static double medianF0(short[] samples, int rate) {
        return median(voicedF0(samples, 0, samples.length, rate));
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The period in samples (fractional), or 0 when the frame has no clear one. */
    private static double period(short[] x, int start, int window, int minLag, int maxLag, double[] d) {
        d[0] = 1;
        double running = 0;
        for (int tau = 1; tau <= maxLag; tau++) {
            double sum = 0;
            for (int j = 0; j < window; j++) {
                double diff = x[start + j] - x[start + j + tau];
                sum += diff * diff;
            }
            running += sum;
            d[tau] = running == 0 ? 1 : sum * tau / running;
        }
        for (int tau = minLag; tau < maxLag; tau++) {
            if (d[tau] < THRESHOLD) {
                while (tau + 1 < maxLag && d[tau + 1] < d[tau]) {
                    tau++;
                }
                return refine(d, tau);
            }
        }
        return 0;
    }

    private static double refine(double[] d, int tau) {
        double a = d[tau - 1];
        double b = d[tau];
        double c = d[tau + 1];
        double denominator = a - 2 * b + c;
        return denominator == 0 ? tau : tau + 0.5 * (a - c) / denominator;
    }

    private static double rms(short[] x, int start, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) x[start + i] * x[start + i];
        }
        return Math.sqrt(sum / n);
    }
}
