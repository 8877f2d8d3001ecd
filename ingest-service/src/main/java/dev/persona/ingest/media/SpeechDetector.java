package dev.persona.ingest.media;

/**
 * Decides whether decoded audio contains anything worth transcribing, from the energy of 30 ms frames. Silence,
 * near-silence and digital zero are refused before anything is stored.
 */
public final class SpeechDetector {
    private static final int FRAME = DecodedAudio.SAMPLE_RATE * 30 / 1000;

    private SpeechDetector() {
    }

    public record Level(double rmsDbfs, double peakDbfs, double voicedSeconds) {
    }

    public static Level measure(short[] samples, double frameThresholdDbfs) {
        double total = 0;
        int peak = 0;
        int voicedFrames = 0;
        for (int start = 0; start < samples.length; start += FRAME) {
            int end = Math.min(samples.length, start + FRAME);
            double frameSum = 0;
            for (int i = start; i < end; i++) {
                int s = samples[i];
                frameSum += (double) s * s;
                peak = Math.max(peak, Math.abs(s));
            }
            total += frameSum;
            if (dbfs(Math.sqrt(frameSum / (end - start))) > frameThresholdDbfs) {
                voicedFrames++;
            }
        }
        double rms = samples.length == 0 ? 0 : Math.sqrt(total / samples.length);
        return new Level(dbfs(rms), dbfs(peak), voicedFrames * FRAME / (double) DecodedAudio.SAMPLE_RATE);
    }

    static double dbfs(double amplitude) {
        return amplitude <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(amplitude / 32768.0);
    }
}
