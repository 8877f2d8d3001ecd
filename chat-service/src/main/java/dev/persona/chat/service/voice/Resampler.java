package dev.persona.chat.service.voice;

/** Linear-interpolation resampling: enough for speech from a remote voice joined to 16 kHz clips. */
final class Resampler {

    private Resampler() {
    }

    static short[] linear(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate || in.length == 0) {
            return in;
        }
        int n = (int) ((long) in.length * toRate / fromRate);
        short[] out = new short[n];
        double step = (double) fromRate / toRate;
        for (int i = 0; i < n; i++) {
            double x = i * step;
            int j = (int) x;
            double frac = x - j;
            int next = Math.min(in.length - 1, j + 1);
            out[i] = (short) Math.round(in[j] * (1 - frac) + in[next] * frac);
        }
        return out;
    }
}
