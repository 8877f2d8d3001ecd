package dev.persona.bench.grounding.audio;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.bench.grounding.corpus.RecordingScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns a recording script into an upload file. Each sentence is spoken on its own, trimmed, and laid end to end with
 * the script's silences, so the bench knows the true start and end of every sentence. Results are cached under
 * {@code cacheDir} by a hash of everything that shapes the audio.
 */
public final class RecordingSynthesizer {
    /** Bump when the way audio is made changes, so cached files are made again. */
    private static final String RECIPE = "v1";
    private static final double TRIM_THRESHOLD_DBFS = -50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path cacheDir;
    private final Map<String, SpeechEngine> engines;

    public RecordingSynthesizer(Path cacheDir) {
        this.cacheDir = cacheDir;
        this.engines = Map.of(Voice.FLITE, new FliteEngine(), Voice.ESPEAK, new EspeakEngine(),
                Voice.FREETTS, new FreeTtsEngine());
    }

    private record Cached(double durationSec, List<SentenceSpan> sentences) {
    }

    public SynthesizedRecording synthesize(String personaId, RecordingScript script) {
        try {
            Path dir = cacheDir.resolve(personaId);
            Files.createDirectories(dir);
            String stem = script.name() + "-" + fingerprint(script);
            Path upload = dir.resolve(stem + "." + script.format());
            Path spans = dir.resolve(stem + ".json");
            if (Files.exists(upload) && Files.exists(spans)) {
                Cached cached = JSON.readValue(spans.toFile(), Cached.class);
                return new SynthesizedRecording(upload, cached.durationSec(), cached.sentences());
            }
            boolean wav = "wav".equals(script.format());
            Path master = wav ? upload : dir.resolve(stem + ".master.wav");
            Cached made = render(script, master, dir);
            if (!wav) {
                Ffmpeg.encode(master, script.format(), upload);
            }
            JSON.writeValue(spans.toFile(), made);
            return new SynthesizedRecording(upload, made.durationSec(), made.sentences());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot synthesise " + script.name() + " of " + personaId, e);
        }
    }

    private Cached render(RecordingScript script, Path master, Path dir) throws IOException {
        Voice voice = Voice.parse(script.voice());
        SpeechEngine engine = engines.get(voice.engine());
        List<short[]> parts = new ArrayList<>();
        List<SentenceSpan> spans = new ArrayList<>();
        parts.add(Pcm16.silence(script.leadSec()));
        long position = parts.get(0).length;
        for (int i = 0; i < script.sentences().size(); i++) {
            short[] speech = sentence(engine, voice, script.rate(), script.sentences().get(i), dir);
            spans.add(new SentenceSpan(i, position / (double) Pcm16.RATE, (position + speech.length) / (double) Pcm16.RATE));
            parts.add(speech);
            position += speech.length;
            short[] after = Pcm16.silence(i == script.sentences().size() - 1 ? script.tailSec() : script.gapSec());
            parts.add(after);
            position += after.length;
        }
        short[] all = new short[(int) position];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        Pcm16.writeWav(master, all);
        return new Cached(all.length / (double) Pcm16.RATE, spans);
    }

    private static short[] sentence(SpeechEngine engine, Voice voice, double rate, String text, Path dir)
            throws IOException {
        Path raw = Files.createTempFile(dir, "sentence-", ".raw.wav");
        Path pcm = Files.createTempFile(dir, "sentence-", ".wav");
        try {
            engine.speak(voice.name(), rate, text, raw);
            Ffmpeg.toPcm16(raw, pcm);
            short[] speech = Pcm16.trimSilence(Pcm16.readWav(pcm), TRIM_THRESHOLD_DBFS);
            if (speech.length == 0) {
                throw new IOException(voice + " produced silence for: " + text);
            }
            return speech;
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(pcm);
        }
    }

    static String fingerprint(RecordingScript script) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((RECIPE + "|" + JSON.writeValueAsString(script)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
