package dev.persona.chat.service.voice;

import dev.persona.common.audio.PcmAudio;
import java.util.Arrays;
import java.util.List;

/** Cutting, fading and joining mono 16-bit audio. */
final class Clips {

    private Clips() {
    }

    /** The samples of {@code [startSec, endSec)}, with a linear fade of {@code fadeSamples} at each end. */
    static PcmAudio cut(PcmAudio pcm, double startSec, double endSec, int fadeSamples) {
        int from = pcm.sampleAt(startSec);
        int to = Math.max(from, pcm.sampleAt(endSec));
        short[] out = Arrays.copyOfRange(pcm.samples(), from, to);
        int fade = Math.min(fadeSamples, out.length / 2);
        for (int i = 0; i < fade; i++) {
            double gain = (double) i / fade;
            out[i] = (short) Math.round(out[i] * gain);
            out[out.length - 1 - i] = (short) Math.round(out[out.length - 1 - i] * gain);
        }
        return new PcmAudio(out, pcm.sampleRate());
    }

    /** The parts one after another with {@code pauseSamples} of silence between them, cut at {@code maxSamples}. */
    static PcmAudio join(List<PcmAudio> parts, int pauseSamples, int rate, int maxSamples) {
        long total = 0;
        for (PcmAudio p : parts) {
            total += p.samples().length;
        }
        total += (long) pauseSamples * Math.max(0, parts.size() - 1);
        short[] out = new short[(int) Math.min(total, maxSamples)];
        int at = 0;
        for (int i = 0; i < parts.size() && at < out.length; i++) {
            if (i > 0) {
                at = Math.min(out.length, at + pauseSamples);
            }
            short[] s = parts.get(i).samples();
            int n = Math.min(s.length, out.length - at);
            System.arraycopy(s, 0, out, at, n);
            at += n;
        }
        return new PcmAudio(out, rate);
    }
}
