package dev.persona.transcribe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.memory.SpokenWord;
import dev.persona.transcribe.service.WavReader;
import io.github.givimad.whisperjni.WhisperJNI;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
        PcmAudio audio;
        try (InputStream in = WhisperEngineTest.class.getResourceAsStream("/audio/doctor-with-silence.wav")) {
            audio = WavReader.read(in.readAllBytes());
        }
        SpeechRegion region = new SpeechRegion(1.8, 5.3);
        try (WhisperEngine engine = engine(Optional.of(Path.of(model)))) {
            engine.checkReady();
            List<SpokenWord> words = engine.transcribe(audio, List.of(region), "en");
            assertFalse(words.isEmpty());
            String text = words.stream().map(SpokenWord::text).collect(Collectors.joining(" "))
                    .toLowerCase(Locale.ROOT);
            assertTrue(text.contains("doctor") && text.contains("friday"), text);
            assertInsideAndInOrder(words, List.of(region));
        }
    }

    /**
     * The real whisper.cpp (whisper-jni's natives) on a tiny model this test writes ({@link TinyWhisperModel}): the
     * model loads, the mel spectrogram, encoder, decoder, timestamp rules and segmentation all run, and the decoder
     * says its script, so words and times can be checked exactly.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithATinyWrittenModel {
        /** whisper.cpp's own log lines (load, state allocation, errors), shown when an assertion fails. */
        private final List<String> whisperLog = Collections.synchronizedList(new ArrayList<>());
        private Path modelFile;
        private WhisperEngine engine;

        @BeforeAll
        void writeAndLoad(@TempDir Path dir) throws IOException {
            WhisperJNI.loadLibrary();
            WhisperJNI.setLibraryLogger(line -> {
                whisperLog.add(line.stripTrailing());
                System.err.print(line);
            });
            modelFile = new TinyWhisperModel().writeTo(dir.resolve("ggml-tiny-random.en.bin"));
            // One thread per call: ggml's worker threads spin while they wait, which on two cores shared with other
            // builds made a call take 1-5 s instead of ~0.3-0.9 s with one thread.
            engine = new WhisperEngine(new WhisperEngine.Settings(Optional.of(modelFile), 1, false));
        }

        @AfterAll
        void closeEngine() {
            if (engine != null) {
                engine.close();
            }
        }

        private String log() {
            return "\nwhisper.cpp log:\n" + String.join("\n", whisperLog);
        }

        @Test
        void theWrittenModelLoadsAndTheIdNamesIt() throws IOException {
            assertTrue(Files.size(modelFile) > 5_000_000 && Files.size(modelFile) < 10_000_000,
                    () -> "size " + modelFile);
            engine.checkReady();
            assertEquals("whisper/ggml-tiny-random.en.bin", engine.id());
            assertTrue(engine.supportsLanguage("en-GB"));
            // An English-only model (n_vocab 51864), like ggml-base.en: other languages are refused.
            assertFalse(engine.supportsLanguage("de"));
            assertTrue(String.join("\n", whisperLog).contains("n_vocab       = 51864"), this::log);
        }

        @Test
        void transcribesTwoRegionsIntoWordsTimedAgainstTheWholeRecording() {
            PcmAudio audio = syntheticSpeech(8.0, 1);
            SpeechRegion first = new SpeechRegion(0.5, 4.0);
            SpeechRegion second = new SpeechRegion(5.0, 6.6);
            List<SpokenWord> words = engine.transcribe(audio, List.of(first, second), "en");

            // 3.5 s of audio: all three scripted segments, [0, 1.0] [1.0, 1.8] [1.8, 30.0 -> end of region], each
            // span shared out by letters. 1.6 s: whisper.cpp stops after the first segment (its end timestamp is
            // within the last second of the input).
            List<SpokenWord> expected = List.of(
                    new SpokenWord("The", 0.5, 0.8), new SpokenWord("farmers.", 0.8, 1.5),
                    new SpokenWord("I'm", 1.5, 1.77), new SpokenWord("here", 1.77, 2.3),
                    new SpokenWord("Goodbye,", 2.3, 3.22), new SpokenWord("doctor.", 3.22, 4.0),
                    new SpokenWord("The", 5.0, 5.3), new SpokenWord("farmers.", 5.3, 6.0));
            assertEquals(expected, words, this::log);
            assertInsideAndInOrder(words.subList(0, 6), List.of(first));
            assertInsideAndInOrder(words.subList(6, 8), List.of(second));
        }

        @Test
        void aShortRegionIsPaddedAndItsWordsStayInsideIt() {
            PcmAudio audio = syntheticSpeech(3.0, 2);
            SpeechRegion region = new SpeechRegion(2.0, 2.6);
            List<SpokenWord> words = engine.transcribe(audio, List.of(region), "en");
            // whisper.cpp heard 1.05 s (padded) and said "The farmers." from 0 to 1.0 s: clamped to the 0.6 s region.
            assertEquals(List.of(new SpokenWord("The", 2.0, 2.18), new SpokenWord("farmers.", 2.18, 2.6)), words,
                    this::log);
        }

        @Test
        void parallelCallsEachGetTheirOwnState() throws Exception {
            PcmAudio audio = syntheticSpeech(6.0, 3);
            List<SpeechRegion> regions = List.of(new SpeechRegion(1.0, 5.0));
            CompletableFuture<List<SpokenWord>> a = CompletableFuture.supplyAsync(
                    () -> engine.transcribe(audio, regions, "en"));
            CompletableFuture<List<SpokenWord>> b = CompletableFuture.supplyAsync(
                    () -> engine.transcribe(audio, regions, "en"));
            List<SpokenWord> first = a.get();
            assertEquals(first, b.get(), this::log);
            assertEquals(6, first.size(), () -> first + log());
            assertInsideAndInOrder(first, regions);
        }
    }

    @Test
    void segmentsAreSplitIntoWordsClampedIntoTheRegionAndNeverGoingBack() {
        SpeechRegion region = new SpeechRegion(10.0, 12.0);
        List<SpokenWord> words = WhisperEngine.words(List.of(
                new WhisperEngine.Segment(" Hello, my [_BEG_]friend.", 0.0, 1.2),
                new WhisperEngine.Segment(" ", 1.2, 1.3),
                // starts before the previous one ended: starts where it ended
                new WhisperEngine.Segment(" again<|endoftext|>", 1.0, 1.6),
                // runs past the end of the region (Whisper's window is 30 s): clamped
                new WhisperEngine.Segment(" I'm off", 1.6, 30.0),
                // starts after the region: zero-length words at its end, still inside
                new WhisperEngine.Segment(" bye", 25.0, 26.0)), region);
        assertEquals(List.of(
                new SpokenWord("Hello,", 10.0, 10.46), new SpokenWord("my", 10.46, 10.65),
                new SpokenWord("friend.", 10.65, 11.2),
                new SpokenWord("again", 11.2, 11.6),
                new SpokenWord("I'm", 11.6, 11.76), new SpokenWord("off", 11.76, 12.0),
                new SpokenWord("bye", 12.0, 12.0)), words);
        assertInsideAndInOrder(words, List.of(region));
    }

    @Test
    void wordTimesRoundToCentisecondsWithoutLeavingTheRegion() {
        SpeechRegion region = new SpeechRegion(0.333, 1.456);
        List<SpokenWord> words = WhisperEngine.words(List.of(new WhisperEngine.Segment(" one two", 0.0, 5.0)), region);
        assertEquals(List.of(new SpokenWord("one", 0.333, 0.89), new SpokenWord("two", 0.89, 1.456)), words);
    }

    /** Every word lies inside one of the regions, regions are used in order, and times never go backwards. */
    private static void assertInsideAndInOrder(List<SpokenWord> words, List<SpeechRegion> regions) {
        double last = 0;
        int region = 0;
        for (SpokenWord word : words) {
            while (region < regions.size() && word.startSec() > regions.get(region).endSec()) {
                region++;
            }
            assertTrue(region < regions.size(), () -> word + " is after every region " + regions);
            SpeechRegion r = regions.get(region);
            assertTrue(word.startSec() >= r.startSec() && word.endSec() <= r.endSec(), () -> word + " outside " + r);
            assertTrue(word.startSec() >= last, () -> word + " goes back before " + words);
            last = word.endSec();
        }
    }

    /** Voiced-sounding synthetic audio: a 140 Hz tone with harmonics, syllable-rate amplitude and a little noise. */
    private static PcmAudio syntheticSpeech(double seconds, long seed) {
        int rate = PcmAudio.EXPECTED_RATE;
        short[] samples = new short[(int) (seconds * rate)];
        Random random = new Random(seed);
        for (int i = 0; i < samples.length; i++) {
            double t = i / (double) rate;
            double voice = 0;
            for (int h = 1; h <= 6; h++) {
                voice += Math.sin(2 * Math.PI * 140 * h * t) / h;
            }
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            samples[i] = (short) Math.round(8000 * envelope * voice + 200 * random.nextGaussian());
        }
        return new PcmAudio(samples, rate);
    }
}
