package dev.persona.transcribe.bench.lm;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Speaks a corpus recording the way the grounding bench does ({@code bench/.../RecordingSynthesizer}, recipe v1):
 * each sentence on its own with the script's voice and rate (flite {@code duration_stretch = 1/rate}, espeak-ng
 * {@code -s 175*rate}, FreeTTS kevin16 at {@code 150*rate} words a minute), resampled to 16 kHz mono, trimmed at
 * -50 dBFS and laid end to end with the script's lead, gap and tail silences; then encoded into the upload format
 * (mp3 64k, ogg q4, flac) and decoded back to 16 kHz mono PCM, as the upload path does. Cached by a hash of the
 * script.
 */
final class CorpusSpeech {
    private static final int RATE = 16_000;
    private static final String RECIPE = "lm-bench-v1";
    private final Path cacheDir;
    private Voice freetts;

    CorpusSpeech(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** A 16 kHz mono 16-bit wav of the recording. */
    Path wav(String personaId, GroundingCorpus.Recording r) throws IOException, InterruptedException {
        Path dir = cacheDir.resolve(personaId);
        Files.createDirectories(dir);
        Path out = dir.resolve(r.name() + "-" + fingerprint(r) + ".wav");
        if (Files.exists(out)) {
            return out;
        }
        List<short[]> parts = new ArrayList<>();
        parts.add(new short[(int) Math.round(r.leadSec() * RATE)]);
        for (int i = 0; i < r.sentences().size(); i++) {
            parts.add(sentence(r, r.sentences().get(i), dir));
            double after = i == r.sentences().size() - 1 ? r.tailSec() : r.gapSec();
            parts.add(new short[(int) Math.round(after * RATE)]);
        }
        int n = parts.stream().mapToInt(p -> p.length).sum();
        short[] all = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        Path master = dir.resolve(r.name() + ".master.wav");
        writeWav(master, all);
        Path tmp = dir.resolve(r.name() + ".tmp.wav");
        if ("wav".equals(r.format())) {
            Files.move(master, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
            Path encoded = dir.resolve(r.name() + "." + r.format());
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i",
                    master.toString(), "-map_metadata", "-1"));
            cmd.addAll(switch (r.format()) {
                case "mp3" -> List.of("-c:a", "libmp3lame", "-b:a", "64k");
                case "ogg" -> List.of("-c:a", "libvorbis", "-q:a", "4");
                case "flac" -> List.of("-c:a", "flac");
                default -> throw new IOException("no encoder for " + r.format());
            });
            cmd.add(encoded.toString());
            run(cmd);
            toPcm16(encoded, tmp);
            Files.delete(master);
            Files.delete(encoded);
        }
        Files.move(tmp, out);
        return out;
    }

    private short[] sentence(GroundingCorpus.Recording r, String text, Path dir) throws IOException,
            InterruptedException {
        int colon = r.voice().indexOf(':');
        String engine = r.voice().substring(0, colon);
        String voice = r.voice().substring(colon + 1);
        Path raw = Files.createTempFile(dir, "sentence-", ".raw.wav");
        Path pcm = Files.createTempFile(dir, "sentence-", ".wav");
        try {
            switch (engine) {
                case "flite" -> run(List.of("flite", "-voice", voice, "--setf",
                        String.format(Locale.ROOT, "duration_stretch=%.3f", 1.0 / r.rate()), "-t", text, "-o",
                        raw.toString()));
                case "espeak-ng" -> run(List.of("espeak-ng", "-v", voice, "-s", Long.toString(Math.round(175 * r.rate())),
                        "-w", raw.toString(), text));
                case "freetts" -> freetts(voice, r.rate(), text, raw);
                default -> throw new IOException("unknown voice " + r.voice());
            }
            toPcm16(raw, pcm);
            short[] speech = trim(readWav(pcm), -50);
            if (speech.length == 0) {
                throw new IOException(r.voice() + " produced silence for: " + text);
            }
            return speech;
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(pcm);
        }
    }

    private synchronized void freetts(String name, double rate, String text, Path out) throws IOException {
        if (freetts == null) {
            System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
            freetts = VoiceManager.getInstance().getVoice(name);
            if (freetts == null) {
                throw new IOException("FreeTTS has no voice " + name);
            }
            freetts.allocate();
        }
        Collecting player = new Collecting();
        freetts.setAudioPlayer(player);
        freetts.setRate((float) (150 * rate));
        if (!freetts.speak(text) || player.bytes.size() == 0) {
            throw new IOException("FreeTTS could not speak: " + text);
        }
        byte[] pcm = player.bytes.toByteArray();
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), player.format,
                pcm.length / player.format.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out.toFile());
        }
    }

    private static void toPcm16(Path in, Path out) throws IOException, InterruptedException {
        run(List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", in.toString(), "-map_metadata", "-1",
                "-fflags", "+bitexact", "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", out.toString()));
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    static short[] readWav(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(12);
        while (b.remaining() >= 8) {
            int id = b.getInt();
            int size = b.getInt();
            if (id == 0x61746164) {
                short[] s = new short[Math.min(size, b.remaining()) / 2];
                b.asShortBuffer().get(s);
                return s;
            }
            b.position(b.position() + size + (size & 1));
        }
        throw new IOException(file + " has no data chunk");
    }

    static void writeWav(Path file, short[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(samples.length * 2);
        b.asShortBuffer().put(samples);
        Files.write(file, b.array());
    }

    private static short[] trim(short[] samples, double thresholdDbfs) {
        int frame = RATE / 100;
        int first = -1;
        int last = -1;
        for (int start = 0; start < samples.length; start += frame) {
            int end = Math.min(samples.length, start + frame);
            double sum = 0;
            for (int i = start; i < end; i++) {
                sum += (double) samples[i] * samples[i];
            }
            double rms = Math.sqrt(sum / (end - start));
            if (rms > 0 && 20 * Math.log10(rms / 32768.0) > thresholdDbfs) {
                if (first < 0) {
                    first = start;
                }
                last = end;
            }
        }
        return first < 0 ? new short[0] : Arrays.copyOfRange(samples, first, last);
    }

    private static String fingerprint(GroundingCorpus.Recording r) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((RECIPE + "|" + r).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps FreeTTS's samples in memory. */
    private static final class Collecting implements AudioPlayer {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AudioFormat format = new AudioFormat(16_000, 16, 1, true, true);
        private float volume = 1f;

        @Override
        public void setAudioFormat(AudioFormat f) {
            format = f;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public boolean write(byte[] audio) {
            return write(audio, 0, audio.length);
        }

        @Override
        public boolean write(byte[] audio, int offset, int size) {
            bytes.write(audio, offset, size);
            return true;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void reset() {
        }

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void begin(int size) {
        }

        @Override
        public boolean end() {
            return true;
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }

        @Override
        public float getVolume() {
            return volume;
        }

        @Override
        public void setVolume(float v) {
            volume = v;
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {
        }

        @Override
        public void startFirstSampleTimer() {
        }

        @Override
        public void showMetrics() {
        }
    }
}
