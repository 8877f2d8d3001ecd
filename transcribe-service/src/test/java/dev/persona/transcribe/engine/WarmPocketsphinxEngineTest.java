package dev.persona.transcribe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.memory.SpokenWord;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm decoder pool against the real Debian decoder: the same words as a fresh decoder, and failures survived. */
class WarmPocketsphinxEngineTest {
    private static final List<SpeechRegion> TWO_SENTENCES = List.of(new SpeechRegion(0.1, 2.7),
            new SpeechRegion(2.7, 5.3));

    @Test
    void aWarmDecoderHearsWhatAFreshOneHearsAtTheSameSecondsAndStaysRunning() throws IOException {
        PcmAudio audio = PocketsphinxEngineTest.fixture("grandmother.wav");
        List<SpokenWord> fresh = new PocketsphinxEngine(PocketsphinxEngine.Settings.defaults())
                .transcribe(audio, TWO_SENTENCES, "en");
        try (WarmPocketsphinxEngine warm = new WarmPocketsphinxEngine(PocketsphinxEngine.Settings.defaults())) {
            List<SpokenWord> first = warm.transcribe(audio, TWO_SENTENCES, "en");
            List<Long> decoders = warm.idleDecoderPids();
            List<SpokenWord> second = warm.transcribe(audio, TWO_SENTENCES, "en");

            assertFalse(fresh.isEmpty());
            assertEquals(fresh, first);
            assertEquals(fresh, second);
            assertEquals(1, decoders.size());
            assertEquals(decoders, warm.idleDecoderPids(), "the second question went to the same running decoder");
        }
    }

    @Test
    void aDecoderThatDiedIsReplacedAndItsQuestionStillAnswered() throws IOException {
        PcmAudio audio = PocketsphinxEngineTest.fixture("grandmother.wav");
        try (WarmPocketsphinxEngine warm = new WarmPocketsphinxEngine(PocketsphinxEngine.Settings.defaults())) {
            List<SpokenWord> before = warm.transcribe(audio, TWO_SENTENCES, "en");
            long pid = warm.idleDecoderPids().get(0);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());

            List<SpokenWord> after = warm.transcribe(audio, TWO_SENTENCES, "en");
            assertEquals(before, after, "answered by a fresh decoder");
            assertTrue(warm.idleDecoderPids().isEmpty(), "the dead decoder is not kept");
            warm.transcribe(audio, TWO_SENTENCES, "en");
            assertEquals(1, warm.idleDecoderPids().size(), "a new decoder took its place");
            assertFalse(warm.idleDecoderPids().contains(pid));
        }
    }
}
