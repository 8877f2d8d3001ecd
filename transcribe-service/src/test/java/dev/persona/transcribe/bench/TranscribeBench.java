package dev.persona.transcribe.bench;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.memory.SpokenWord;
import dev.persona.transcribe.engine.PocketsphinxEngine;
import dev.persona.transcribe.engine.SpeechEngine;
import dev.persona.transcribe.engine.WhisperEngine;
import dev.persona.common.audio.VadSettings;
import dev.persona.common.audio.VoiceActivityDetector;
import dev.persona.transcribe.service.WavReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Word error rate and real-time factor of the speech engine on real human speech: the LibriVox recordings and
 * reference transcription of Debian's {@code pocketsphinx-testdata}. Each file is decoded four ways: as it is, with
 * and without the VAD, and padded with 3 s of low noise at both ends (the situation the VAD is for), with and without
 * it. Run: {@code transcribe-service/bench.sh} or
 * {@code ./mvnw -pl transcribe-service exec:java -Dexec.mainClass=dev.persona.transcribe.bench.TranscribeBench}.
 * {@code -Dbench.whisper-model=/path/ggml-base.en.bin} benches whisper instead.
 */
public final class TranscribeBench {
    private static final Path DEFAULT_DIR = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    private static final Pattern LINE = Pattern.compile("^(?:<s>)?(.*?)(?:</s>)?\\s*\\(([^)]+)\\)\\s*$");
    private static final double PAD_SEC = 3.0;

    private TranscribeBench() {
    }

    record Score(WordErrorRate.Counts wer, double processingSec, double audioSec, String hypothesis) {
        double rtf() {
            return processingSec / audioSec;
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DEFAULT_DIR;
        Path transcription = dir.resolve("transcription");
        if (!Files.exists(transcription)) {
            System.err.println("No reference transcription at " + transcription
                    + ": install the Debian package pocketsphinx-testdata (apt-get install -y pocketsphinx-testdata)");
            System.exit(2);
        }
        Map<String, String> references = readReferences(transcription);
        SpeechEngine engine = engine();
        engine.checkReady();
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.defaults());
        String[] modes = {"plain/no-vad", "plain/vad", "padded/no-vad", "padded/vad"};
        Map<String, Score> totals = new LinkedHashMap<>();

        System.out.printf(Locale.ROOT, "engine %s, %d files from %s%n%n", engine.id(), references.size(), dir);
        System.out.printf(Locale.ROOT, "%-44s %-14s %6s %6s %7s  %s%n", "file", "mode", "WER", "RTF", "speech",
                "hypothesis");
        for (Map.Entry<String, String> ref : references.entrySet()) {
            PcmAudio plain = WavReader.read(dir.resolve(ref.getKey() + ".wav"));
            PcmAudio padded = pad(plain, PAD_SEC);
            for (String mode : modes) {
                PcmAudio audio = mode.startsWith("padded") ? padded : plain;
                long t0 = System.nanoTime();
                List<SpeechRegion> regions = mode.endsWith("/vad") ? vad.detect(audio).regions()
                        : List.of(new SpeechRegion(0, audio.durationSec()));
                List<SpokenWord> words = engine.transcribe(audio, regions, "en");
                double sec = (System.nanoTime() - t0) / 1e9;
                String hypothesis = words.stream().map(SpokenWord::text).collect(Collectors.joining(" "));
                Score score = new Score(WordErrorRate.count(ref.getValue(), hypothesis), sec, audio.durationSec(),
                        hypothesis);
                double speech = regions.stream().mapToDouble(SpeechRegion::durationSec).sum();
                System.out.printf(Locale.ROOT, "%-44s %-14s %5.1f%% %6.2f %6.1fs  %s%n", ref.getKey(), mode,
                        100 * score.wer().rate(), score.rtf(), speech, hypothesis);
                totals.merge(mode, score, (a, b) -> new Score(a.wer().plus(b.wer()),
                        a.processingSec() + b.processingSec(), a.audioSec() + b.audioSec(), ""));
            }
        }
        // All files as one recording with noisy pauses between them, like an interview: one model load, so this is
        // closest to the steady-state speed on real recordings.
        List<PcmAudio> parts = new java.util.ArrayList<>();
        for (String id : references.keySet()) {
            parts.add(WavReader.read(dir.resolve(id + ".wav")));
        }
        PcmAudio joined = join(parts, 2.0);
        String joinedReference = String.join(" ", references.values());
        for (String mode : new String[] {"joined/no-vad", "joined/vad"}) {
            long t0 = System.nanoTime();
            List<SpeechRegion> regions = mode.endsWith("/vad") ? vad.detect(joined).regions()
                    : List.of(new SpeechRegion(0, joined.durationSec()));
            String hypothesis = engine.transcribe(joined, regions, "en").stream().map(SpokenWord::text)
                    .collect(Collectors.joining(" "));
            double sec = (System.nanoTime() - t0) / 1e9;
            Score score = new Score(WordErrorRate.count(joinedReference, hypothesis), sec, joined.durationSec(),
                    hypothesis);
            double speech = regions.stream().mapToDouble(SpeechRegion::durationSec).sum();
            System.out.printf(Locale.ROOT, "%-44s %-14s %5.1f%% %6.2f %6.1fs  %s%n", "all five, 2 s noise between",
                    mode, 100 * score.wer().rate(), score.rtf(), speech, hypothesis);
            totals.put(mode, score);
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-14s %6s %6s %8s %8s %7s%n", "TOTAL mode", "WER", "RTF", "audio", "time",
                "errors");
        totals.forEach((mode, s) -> System.out.printf(Locale.ROOT, "%-14s %5.1f%% %6.2f %7.1fs %7.1fs %3d/%d%n",
                mode, 100 * s.wer().rate(), s.rtf(), s.audioSec(), s.processingSec(), s.wer().errors(),
                s.wer().referenceWords()));
        engine.close();
    }

    private static SpeechEngine engine() {
        String model = System.getProperty("bench.whisper-model", "");
        if (!model.isBlank()) {
            return new WhisperEngine(new WhisperEngine.Settings(Optional.of(Path.of(model)),
                    Runtime.getRuntime().availableProcessors(), false));
        }
        return new PocketsphinxEngine(PocketsphinxEngine.Settings.defaults());
    }

    static Map<String, String> readReferences(Path file) throws IOException {
        Map<String, String> refs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                refs.put(m.group(2).trim(), m.group(1).trim());
            }
        }
        return refs;
    }

    private static PcmAudio join(List<PcmAudio> parts, double gapSec) {
        int gap = (int) (gapSec * PcmAudio.EXPECTED_RATE);
        int length = parts.stream().mapToInt(p -> p.samples().length + gap).sum() + gap;
        short[] out = new short[length];
        Random random = new Random(43);
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(random.nextGaussian() * 30);
        }
        int at = gap;
        for (PcmAudio p : parts) {
            System.arraycopy(p.samples(), 0, out, at, p.samples().length);
            at += p.samples().length + gap;
        }
        return new PcmAudio(out, PcmAudio.EXPECTED_RATE);
    }

    /** Low white noise (about -60 dBFS) around the speech, as a room or a microphone gives between takes. */
    private static PcmAudio pad(PcmAudio audio, double seconds) {
        int pad = (int) (seconds * audio.sampleRate());
        short[] out = new short[audio.samples().length + 2 * pad];
        Random random = new Random(42);
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(random.nextGaussian() * 30);
        }
        System.arraycopy(audio.samples(), 0, out, pad, audio.samples().length);
        return new PcmAudio(out, audio.sampleRate());
    }
}
