package dev.persona.ingest.media;

import dev.persona.media.DecodedAudio;
import dev.persona.media.AudioFormat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.audio.VadSettings;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechCheckTest {
    private final SpeechCheck check = new SpeechCheck(VadSettings.defaults());

    private static DecodedAudio audio(short[] samples) {
        return new DecodedAudio(samples, AudioFormat.WAV);
    }

    private void assertNoSpeech(short[] samples) {
        ApiException refused = assertThrows(ApiException.class, () -> check.requireSpeech(audio(samples)));
        assertEquals(422, refused.status());
        assertEquals(ErrorCodes.NO_SPEECH, refused.code());
        assertTrue(refused.getMessage().startsWith("No speech was found in the"), refused.getMessage());
    }

    @Test
    void clicksInLowNoiseAreRefusedThoughTheOldEnergyRuleAcceptedThem() {
        short[] clicks = TestSignals.noiseWithClicks();
        assertTrue(TestSignals.secondsOfLoudFrames(clicks) >= 0.3, "the old rule accepted this");
        assertNoSpeech(clicks);
    }

    @Test
    void digitalSilenceAndLowNoiseAreRefused() {
        assertNoSpeech(new short[3 * DecodedAudio.SAMPLE_RATE]);
        assertNoSpeech(TestSignals.noise(3, -60));
    }

    @Test
    void aSustainedSoundAtSpeakingLevelIsKeptWhereItIs() {
        List<SpeechRegion> regions = check.requireSpeech(audio(TestSignals.noiseWithSustainedTone())).regions();
        assertEquals(1, regions.size(), regions::toString);
        double padding = VadSettings.defaults().paddingSec();
        assertEquals(1.0 - padding, regions.get(0).startSec(), 0.05);
        assertEquals(2.5 + padding, regions.get(0).endSec(), 0.05);
    }
}
