package dev.persona.transcribe.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.transcribe.domain.PcmAudio;
import dev.persona.transcribe.domain.SpeechRegion;
import dev.persona.transcribe.domain.TranscriptSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperEngineTest {
    /** {@code -Dpersona.test.whisper-model=/path/ggml-base.en.bin} runs the model-present test. */
    private static final String MODEL_PROPERTY = "persona.test.whisper-model";

    private static WhisperEngine engine(Optional<Path> model) {
        return new WhisperEngine(new WhisperEngine.Settings(model, 2, false));
    }

    @Test
    void noModelConfiguredIsAClearError() {
        WhisperEngine engine = engine(Optional.empty());
        EngineUnavailable e = assertThrows(EngineUnavailable.class, engine::checkReady);
        assertTrue(e.getMessage().contains("persona.transcribe.whisper.model-path"), e.getMessage());
        PcmAudio audio = new PcmAudio(new short[16000], 16000);
        assertThrows(EngineUnavailable.class, () -> engine.transcribe(audio, List.of(new SpeechRegion(0, 1)), "en"));
    }

    @Test
    void missingModelFileIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("ggml-missing.bin");
        EngineUnavailable e = assertThrows(EngineUnavailable.class, () -> engine(Optional.of(missing)).checkReady());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void aFileThatIsNotAModelIsAClearErrorNotACrash(@TempDir Path dir) throws IOException {
        Path bogus = dir.resolve("ggml-bogus.bin");
        Files.writeString(bogus, "this is not a ggml whisper model ".repeat(200));
        WhisperEngine engine = engine(Optional.of(bogus));
        EngineUnavailable e = assertThrows(EngineUnavailable.class, engine::checkReady);
        assertTrue(e.getMessage().contains("not a valid ggml Whisper model"), e.getMessage());
        // Still a clear error on the next try: nothing half-loaded was kept.
        assertThrows(EngineUnavailable.class, engine::checkReady);
        engine.close();
    }

    @Test
    void transcribesWithARealModelWhenOneIsConfigured() throws IOException {
        String model = System.getProperty(MODEL_PROPERTY, "");
        Assumptions.assumeFalse(model.isBlank() || model.startsWith("${"),
                "no Whisper model configured: pass -D" + MODEL_PROPERTY + "=/path/to/ggml-model.bin to run this test"
                        + " (no ggml model is available from any registry reachable here)");
        PcmAudio audio = PocketsphinxEngineTest.fixture("doctor-with-silence.wav");
        try (WhisperEngine engine = engine(Optional.of(Path.of(model)))) {
            engine.checkReady();
            List<TranscriptSegment> segments = engine.transcribe(audio, List.of(new SpeechRegion(1.8, 5.3)), "en");
            assertFalse(segments.isEmpty());
            String text = String.join(" ", segments.stream().map(TranscriptSegment::text).toList())
                    .toLowerCase(Locale.ROOT);
            assertTrue(text.contains("doctor") && text.contains("friday"), text);
            segments.forEach(s -> assertTrue(s.startSec() >= 1.8 && s.endSec() <= 5.3, s::toString));
        }
    }
}
