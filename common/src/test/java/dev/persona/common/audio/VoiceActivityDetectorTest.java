package dev.persona.common.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceActivityDetectorTest {
    private static final double TOLERANCE = 0.05;
    private final VadSettings settings = VadSettings.defaults();
    private final VoiceActivityDetector vad = new VoiceActivityDetector(settings);

    private List<SpeechRegion> regions(PcmAudio audio) {
        return vad.detect(audio).regions();
    }

    /** A region found for a burst at [from, to] starts one padding before it and ends one padding after it. */
    private void assertRegion(SpeechRegion region, double from, double to) {
        double pad = settings.paddingSec();
        assertEquals(from - pad, region.startSec(), TOLERANCE, "start of " + region);
        assertEquals(to + pad, region.endSec(), TOLERANCE, "end of " + region);
    }

    @Test
    void digitalSilenceHasNoSpeech() {
        assertTrue(regions(SyntheticAudio.seconds(5).build()).isEmpty());
    }

    @Test
    void steadyLowNoiseAndDcOffsetHaveNoSpeech() {
        assertTrue(regions(SyntheticAudio.seconds(5).noise(-60).build()).isEmpty());
        assertTrue(regions(SyntheticAudio.seconds(5).noise(-62).offset(4000).build()).isEmpty());
    }

    @Test
    void toneBurstsInNoiseAreFoundAtTheirTimes() {
        PcmAudio audio = SyntheticAudio.seconds(8).noise(-60)
                .tone(1.0, 2.0, 440, -20)
                .tone(4.5, 6.25, 300, -26)
                .build();
        List<SpeechRegion> found = regions(audio);
        assertEquals(2, found.size(), found::toString);
        assertRegion(found.get(0), 1.0, 2.0);
        assertRegion(found.get(1), 4.5, 6.25);
    }

    @Test
    void regionsAreClampedToTheRecording() {
        PcmAudio audio = SyntheticAudio.seconds(3).noise(-60).tone(0, 1.0, 440, -20).tone(2.5, 3.0, 440, -20).build();
        List<SpeechRegion> found = regions(audio);
        assertEquals(2, found.size(), found::toString);
        assertEquals(0, found.get(0).startSec(), 1e-9);
        assertEquals(3.0, found.get(1).endSec(), 1e-9);
    }

    @Test
    void shortPausesAreBridgedAndShortClicksDropped() {
        PcmAudio audio = SyntheticAudio.seconds(6).noise(-60)
                .tone(1.0, 1.8, 440, -20)
                .tone(2.0, 2.8, 440, -20) // 0.2 s pause: one region
                .tone(4.5, 4.6, 2000, -10) // 0.1 s click: dropped
                .build();
        List<SpeechRegion> found = regions(audio);
        assertEquals(1, found.size(), found::toString);
        assertRegion(found.get(0), 1.0, 2.8);
    }

    @Test
    void quieterSpeakerInQuietRoomIsStillFound() {
        PcmAudio audio = SyntheticAudio.seconds(6).noise(-70).tone(2.0, 3.5, 200, -45).build();
        List<SpeechRegion> found = regions(audio);
        assertEquals(1, found.size(), found::toString);
        assertRegion(found.get(0), 2.0, 3.5);
    }

    @Test
    void longSpeechIsSplitIntoRegionsNoLongerThanTheMaximum() {
        PcmAudio audio = SyntheticAudio.seconds(75).noise(-60).tone(0.5, 74.5, 220, -20).build();
        List<SpeechRegion> found = regions(audio);
        assertTrue(found.size() >= 3, found::toString);
        for (int i = 0; i < found.size(); i++) {
            assertTrue(found.get(i).durationSec() <= settings.maxRegionSec() + 1e-9, found.get(i)::toString);
            if (i > 0) {
                assertEquals(found.get(i - 1).endSec(), found.get(i).startSec(), 1e-9, "contiguous");
            }
        }
        assertEquals(0.5 - settings.paddingSec(), found.get(0).startSec(), TOLERANCE);
        assertEquals(74.5 + settings.paddingSec(), found.get(found.size() - 1).endSec(), TOLERANCE);
    }
}
