package dev.persona.common.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Energy-based voice activity detection. Silence never reaches the recogniser, because Whisper in particular invents
 * text for it. Thresholds adapt to the recording's own noise floor (a low percentile of frame energies), with
 * hysteresis so speech that dips between words stays one region; short pauses are bridged, short bursts dropped,
 * regions padded and long ones split at their quietest frame.
 */
public final class VoiceActivityDetector {
    private static final double SILENT_DB = -120;
    private final VadSettings settings;

    public VoiceActivityDetector(VadSettings settings) {
        this.settings = settings;
    }

    /** The thresholds chosen for one recording, exposed for logs and the bench. */
    public record Thresholds(double floorDb, double onDb, double offDb) {
    }

    public record Result(List<SpeechRegion> regions, Thresholds thresholds) {
        public double speechSec() {
            return regions.stream().mapToDouble(SpeechRegion::durationSec).sum();
        }
    }

    public Result detect(PcmAudio audio) {
        int frameLen = Math.max(1, audio.sampleRate() * settings.frameMs() / 1000);
        double[] db = frameEnergies(audio.samples(), frameLen);
        if (db.length == 0) {
            return new Result(List.of(), new Thresholds(SILENT_DB, 0, 0));
        }
        Thresholds t = thresholds(db);
        double frameSec = frameLen / (double) audio.sampleRate();

        List<int[]> raw = hysteresis(db, t);
        List<int[]> bridged = bridge(raw, (int) Math.round(settings.minSilenceSec() / frameSec));
        int minSpeech = (int) Math.round(settings.minSpeechSec() / frameSec);
        bridged.removeIf(r -> r[1] - r[0] < minSpeech);
        List<int[]> padded = bridge(pad(bridged, (int) Math.round(settings.paddingSec() / frameSec), db.length), 0);
        List<int[]> split = new ArrayList<>();
        int maxFrames = Math.max(2, (int) Math.floor(settings.maxRegionSec() / frameSec));
        for (int[] r : padded) {
            splitLong(r, db, maxFrames, split);
        }

        double total = audio.durationSec();
        List<SpeechRegion> regions = new ArrayList<>(split.size());
        for (int[] r : split) {
            double start = r[0] * frameSec;
            double end = Math.min(total, r[1] * frameSec);
            if (end > start) {
                regions.add(new SpeechRegion(start, end));
            }
        }
        return new Result(List.copyOf(regions), t);
    }

    static double[] frameEnergies(short[] samples, int frameLen) {
        int frames = (samples.length + frameLen - 1) / frameLen;
        double[] db = new double[frames];
        for (int f = 0; f < frames; f++) {
            int from = f * frameLen;
            int to = Math.min(samples.length, from + frameLen);
            double sum = 0;
            long mean = 0;
            for (int i = from; i < to; i++) {
                mean += samples[i];
            }
            // Remove a DC offset so a biased but silent signal does not read as loud.
            double dc = mean / (double) (to - from);
            for (int i = from; i < to; i++) {
                double s = samples[i] - dc;
                sum += s * s;
            }
            double rms = Math.sqrt(sum / (to - from)) / 32768.0;
            db[f] = rms <= 0 ? SILENT_DB : Math.max(SILENT_DB, 20 * Math.log10(rms));
        }
        return db;
    }

    private Thresholds thresholds(double[] db) {
        double[] sorted = db.clone();
        Arrays.sort(sorted);
        double floor = percentile(sorted, 0.10);
        double loud = percentile(sorted, 0.95);
        // On a recording that is speech almost throughout, floor + margin could lie above the speech itself; the
        // cap below the loud frames keeps speech reachable, the absolute threshold keeps pure noise out.
        double on = Math.max(settings.absoluteThresholdDb(), Math.min(floor + settings.onMarginDb(), loud - 10));
        double off = on - (settings.onMarginDb() - settings.offMarginDb());
        return new Thresholds(floor, on, off);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1)))];
    }

    private static List<int[]> hysteresis(double[] db, Thresholds t) {
        List<int[]> regions = new ArrayList<>();
        int start = -1;
        for (int f = 0; f < db.length; f++) {
            if (start < 0 && db[f] >= t.onDb()) {
                start = f;
            } else if (start >= 0 && db[f] < t.offDb()) {
                regions.add(new int[] {start, f});
                start = -1;
            }
        }
        if (start >= 0) {
            regions.add(new int[] {start, db.length});
        }
        return regions;
    }

    /** Joins regions separated by fewer than {@code maxGap} frames. */
    private static List<int[]> bridge(List<int[]> regions, int maxGap) {
        List<int[]> out = new ArrayList<>();
        for (int[] r : regions) {
            if (!out.isEmpty() && r[0] - out.get(out.size() - 1)[1] <= maxGap) {
                int[] last = out.get(out.size() - 1);
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(new int[] {r[0], r[1]});
            }
        }
        return out;
    }

    private static List<int[]> pad(List<int[]> regions, int frames, int total) {
        List<int[]> out = new ArrayList<>(regions.size());
        for (int[] r : regions) {
            out.add(new int[] {Math.max(0, r[0] - frames), Math.min(total, r[1] + frames)});
        }
        return out;
    }

    private static void splitLong(int[] r, double[] db, int maxFrames, List<int[]> out) {
        int start = r[0];
        while (r[1] - start > maxFrames) {
            // Cut at the quietest frame of the second half of the allowed length: a pause between words if any.
            int from = start + maxFrames / 2;
            int to = start + maxFrames;
            int cut = from;
            for (int f = from; f < to; f++) {
                if (db[f] < db[cut]) {
                    cut = f;
                }
            }
            out.add(new int[] {start, cut});
            start = cut;
        }
        out.add(new int[] {start, r[1]});
    }
}
