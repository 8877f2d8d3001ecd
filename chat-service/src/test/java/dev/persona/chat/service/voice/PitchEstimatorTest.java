package dev.persona.chat.service.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.audio.PcmAudio;
import java.util.List;
import org.junit.jupiter.api.Test;

class PitchEstimatorTest {
    private static final int RATE = 16_000;

    /** A voiced-like tone: fundamental plus two harmonics, so the period is not the only peak of the spectrum. */
    static short[] tone(double hz, double seconds) {
        short[] s = new short[(int) (seconds * RATE)];
        for (int i = 0; i < s.length; i++) {
            double t = i / (double) RATE;
            s[i] = (short) (6000 * Math.sin(2 * Math.PI * hz * t) + 4000 * Math.sin(2 * Math.PI * 2 * hz * t)
                    + 2000 * Math.sin(2 * Math.PI * 3 * hz * t));
        }
        return s;
    }

    @Test
    void tonesAreMeasuredAtTheirFundamental() {
        for (double hz : new double[] {75, 110, 137, 220, 330}) {
            double measured = PitchEstimator.medianF0(tone(hz, 1), RATE);
            assertEquals(hz, measured, hz * 0.01, "tone of " + hz + " Hz");
        }
    }

    @Test
    void silenceAndNoiseHaveNoPitch() {
        assertTrue(Double.isNaN(PitchEstimator.medianF0(new short[RATE], RATE)));
        java.util.Random random = new java.util.Random(7);
        short[] noise = new short[RATE];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 5000);
        }
        assertTrue(PitchEstimator.voicedF0(noise, 0, noise.length, RATE).length < 5, "white noise is unvoiced");
    }

    @Test
    void quietFramesBesideLoudSpeechAreSkipped() {
        short[] loud = tone(200, 0.5);
        short[] quiet = tone(90, 0.5);
        short[] both = new short[loud.length + quiet.length];
        System.arraycopy(loud, 0, both, 0, loud.length);
        for (int i = 0; i < quiet.length; i++) {
            both[loud.length + i] = (short) (quiet[i] / 100); // 40 dB down: background hum
        }
        assertEquals(200, PitchEstimator.medianF0(both, RATE), 2);
    }

    @Test
    void theOfflineVoiceSpeaksAtThePitchItIsGiven() {
        OfflineVoice voice = new OfflineVoice();
        String text = "On Sundays I cook sambar the way my amma taught me, with coriander and red chillies.";
        double low = measured(voice, text, 85);
        double high = measured(voice, text, 190);
        assertEquals(85, low, 85 * 0.15, "low voice");
        assertEquals(190, high, 190 * 0.15, "high voice");
        assertTrue(high > low * 1.8, low + " Hz vs " + high + " Hz");
    }

    @Test
    void theOfflineVoiceSpeaksAtTheRateItIsGiven() {
        OfflineVoice voice = new OfflineVoice();
        String text = "I started learning the veena when I was eight, and my teacher made me practise scales.";
        double slow = speak(voice, text, 120, 110).durationSec();
        double fast = speak(voice, text, 120, 220).durationSec();
        assertTrue(slow > fast * 1.5, slow + " s vs " + fast + " s");
    }

    private static double measured(OfflineVoice voice, String text, double pitch) {
        PcmAudio pcm = speak(voice, text, pitch, 150);
        assertEquals(OfflineVoice.RATE, pcm.sampleRate());
        return PitchEstimator.medianF0(pcm.samples(), pcm.sampleRate());
    }

    private static PcmAudio speak(OfflineVoice voice, String text, double pitch, double rate) {
        return voice.speak(text, new VoiceReference("p", new VoiceProfile(pitch, rate, 1, 1, true), List.of()));
    }
}
