package dev.persona.transcribe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.memory.SpokenWord;
import dev.persona.transcribe.service.WavReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real decoder from Debian's pocketsphinx package. */
class PocketsphinxEngineTest {

    static PcmAudio fixture(String name) throws IOException {
        try (InputStream in = PocketsphinxEngineTest.class.getResourceAsStream("/audio/" + name)) {
            return WavReader.read(in.readAllBytes());
        }
    }

    @Test
    void transcribesRegionsWithTimesInTheWholeRecording() throws IOException {
        PcmAudio audio = fixture("doctor-with-silence.wav");
        PocketsphinxEngine engine = new PocketsphinxEngine(PocketsphinxEngine.Settings.defaults());
        // The speech sits between 2.0 s and about 5.1 s of the recording.
        List<SpokenWord> words = engine.transcribe(audio, List.of(new SpeechRegion(1.8, 5.3)), "en");
        List<String> text = words.stream().map(SpokenWord::text).toList();
        assertTrue(text.contains("doctor") && text.contains("friday"), text::toString);
        assertTrue(words.get(0).startSec() >= 1.8 && words.get(0).startSec() < 2.5, words::toString);
        assertTrue(words.get(words.size() - 1).endSec() > 4.0 && words.get(words.size() - 1).endSec() <= 5.3,
                words::toString);
        // Each word has its own seconds, in the order spoken, and "doctor" comes before "friday".
        for (int i = 1; i < words.size(); i++) {
            assertTrue(words.get(i).startSec() >= words.get(i - 1).endSec() - 1e-9, words::toString);
        }
        SpokenWord doctor = words.get(text.indexOf("doctor"));
        SpokenWord friday = words.get(text.indexOf("friday"));
        assertTrue(doctor.endSec() <= friday.startSec() && doctor.endSec() - doctor.startSec() < 1.5, words::toString);
    }

    @Test
    void aRegionWithoutSpeechGivesNoWords() throws IOException {
        PcmAudio audio = fixture("doctor-with-silence.wav");
        PocketsphinxEngine engine = new PocketsphinxEngine(PocketsphinxEngine.Settings.defaults());
        List<SpokenWord> words = engine.transcribe(audio,
                List.of(new SpeechRegion(0.1, 1.5), new SpeechRegion(2.0, 5.1)), "en");
        assertFalse(words.isEmpty());
        assertTrue(words.stream().allMatch(w -> w.startSec() >= 2.0 && w.endSec() <= 5.1), words::toString);
    }

    @Test
    void missingBinaryFailsAtOnceWithTheInstallHint() {
        PocketsphinxEngine engine = new PocketsphinxEngine(new PocketsphinxEngine.Settings("no-such-pocketsphinx",
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Duration.ofSeconds(30)));
        EngineUnavailable e = assertThrows(EngineUnavailable.class, engine::checkReady);
        assertTrue(e.getMessage().contains("no-such-pocketsphinx") && e.getMessage().contains("apt-get install"),
                e.getMessage());
        PcmAudio audio = new PcmAudio(new short[16000], 16000);
        assertThrows(EngineUnavailable.class,
                () -> engine.transcribe(audio, List.of(new SpeechRegion(0, 1)), "en"));
    }

    @Test
    void aHangingDecoderIsKilledAtTheTimeout(@TempDir Path dir) throws IOException {
        Path pidFile = dir.resolve("pid");
        Path script = dir.resolve("hanging-decoder");
        Files.writeString(script, "#!/bin/sh\necho $$ > " + pidFile + "\nexec sleep 120\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        PocketsphinxEngine engine = new PocketsphinxEngine(new PocketsphinxEngine.Settings(script.toString(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Duration.ofSeconds(1)));
        PcmAudio audio = new PcmAudio(new short[16000], 16000);
        EngineFailure e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(EngineFailure.class,
                () -> engine.transcribe(audio, List.of(new SpeechRegion(0, 1)), "en")));
        assertTrue(e.getMessage().contains("killed"), e.getMessage());
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "decoder process still alive");
    }

    @Test
    void aCrashingDecoderIsARetriableFailureWithItsExitCode(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("crashing-decoder");
        Files.writeString(script, "#!/bin/sh\necho 'FATAL: out of memory' >&2\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        PocketsphinxEngine engine = new PocketsphinxEngine(new PocketsphinxEngine.Settings(script.toString(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Duration.ofSeconds(30)));
        PcmAudio audio = new PcmAudio(new short[16000], 16000);
        EngineFailure e = assertThrows(EngineFailure.class,
                () -> engine.transcribe(audio, List.of(new SpeechRegion(0, 1)), "en"));
        assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    }

    @Test
    void parsesWordSegmentationSkippingFillersAndVariants() {
        Map<String, List<PocketsphinxEngine.Word>> words = PocketsphinxEngine.parseHypseg(List.of(
                "r0 S 0 T -1 A -1 L -1 0 -3 0 <s> 10 -2 -5 <sil> 31 -2 -3 he 44 -2 -1 was(2) 65 -1 -2 [NOISE] 70 -1 -1 not 116 -3 -5 </s> 121"));
        assertEquals(List.of(new PocketsphinxEngine.Word("he", 31, 44), new PocketsphinxEngine.Word("was", 44, 65),
                new PocketsphinxEngine.Word("not", 70, 116)), words.get("r0"));
    }

    @Test
    void onlyEnglishIsSupported() {
        PocketsphinxEngine engine = new PocketsphinxEngine(PocketsphinxEngine.Settings.defaults());
        assertTrue(engine.supportsLanguage("en-GB") && engine.supportsLanguage(null));
        assertTrue(!engine.supportsLanguage("de"));
    }
}
