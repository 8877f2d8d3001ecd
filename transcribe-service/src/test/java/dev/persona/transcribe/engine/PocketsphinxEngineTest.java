package dev.persona.transcribe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.transcribe.domain.PcmAudio;
import dev.persona.transcribe.domain.SpeechRegion;
import dev.persona.transcribe.domain.TranscriptSegment;
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
        List<TranscriptSegment> segments = engine.transcribe(audio, List.of(new SpeechRegion(1.8, 5.3)), "en");
        assertEquals(1, segments.size(), segments::toString);
        TranscriptSegment s = segments.get(0);
        assertTrue(s.text().contains("doctor") && s.text().contains("friday"), s.text());
        assertTrue(s.startSec() >= 1.8 && s.startSec() < 2.5, s::toString);
        assertTrue(s.endSec() > 4.0 && s.endSec() <= 5.3, s::toString);
    }

    @Test
    void aRegionWithoutWordsGivesNoSegment() throws IOException {
        PcmAudio audio = fixture("doctor-with-silence.wav");
        PocketsphinxEngine engine = new PocketsphinxEngine(PocketsphinxEngine.Settings.defaults());
        List<TranscriptSegment> segments = engine.transcribe(audio,
                List.of(new SpeechRegion(0.1, 1.5), new SpeechRegion(2.0, 5.1)), "en");
        assertEquals(1, segments.size(), segments::toString);
        assertTrue(segments.get(0).startSec() >= 2.0, segments::toString);
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
