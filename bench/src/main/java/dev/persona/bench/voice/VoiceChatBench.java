package dev.persona.bench.voice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.bench.grounding.JobWatcher;
import dev.persona.bench.grounding.PersonaUploader;
import dev.persona.bench.grounding.SystemUnderTest;
import dev.persona.bench.grounding.api.ChatReply;
import dev.persona.bench.grounding.api.PersonaApi;
import dev.persona.bench.grounding.audio.RecordingSynthesizer;
import dev.persona.bench.grounding.audio.SynthesizedRecording;
import dev.persona.bench.grounding.corpus.Corpus;
import dev.persona.bench.grounding.corpus.PersonaCase;
import dev.persona.bench.grounding.corpus.Question;
import dev.persona.bench.grounding.corpus.RecordingScript;
import dev.persona.bench.grounding.metrics.WordErrorRate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Questions asked by voice ({@code POST /personas/{id}/voice-chat}) on the embedded default, through the gateway:
 * the grounding corpus' personas are uploaded, then each of their answerable questions is spoken by flite in one of
 * four voices, padded with silence to a fixed length (5 s), sent as webm/opus the way a browser records, one after
 * another. Printed: p50/p95 of the client's wait and of each step the server reports, and as the baseline the same
 * questions typed ({@code POST /chat}) in the same run; how many words the recogniser got wrong, and how often the
 * spoken question cites the same source first as the typed one.
 *
 * <p>Run: {@code bench/voice-chat.sh [--personas 2] [--questions 40] [--seconds 5] [--stretch 1] [--base-url URL]};
 * {@code --stretch 1.6} speaks 1.6 times slower (flite's duration stretch), so the questions fill most of 5 s.
 */
public final class VoiceChatBench {
    private static final String[] VOICES = {"slt", "rms", "awb", "kal16"};
    private static final int WARM_UP = 3;
    private static final String[] STEPS = {"decode_ms", "vad_ms", "transcribe_ms", "retrieve_ms", "generate_ms",
            "tts_ms", "total_ms"};

    private final Path root;
    private final int personas;
    private final int questions;
    private final double seconds;
    private final double stretch;
    private final String baseUrl;

    private VoiceChatBench(Path root, int personas, int questions, double seconds, double stretch, String baseUrl) {
        this.root = root;
        this.personas = personas;
        this.questions = questions;
        this.seconds = seconds;
        this.stretch = stretch;
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        int personas = 2;
        int questions = 40;
        double seconds = 5;
        double stretch = 1;
        String baseUrl = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--personas" -> personas = Integer.parseInt(args[++i]);
                case "--questions" -> questions = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--stretch" -> stretch = Double.parseDouble(args[++i]);
                case "--base-url" -> baseUrl = args[++i];
                default -> {
                    System.err.println("Usage: bench/voice-chat.sh [--personas 2] [--questions 40] [--seconds 5]"
                            + " [--stretch 1] [--base-url URL]");
                    System.exit(2);
                }
            }
        }
        new VoiceChatBench(Path.of(System.getProperty("persona.root", ".")), personas, questions, seconds, stretch,
                baseUrl).run();
    }

    private record Spoken(String personaId, Question question, byte[] webm, double speechSec) {
    }

    private record Result(long voiceClientMs, Map<String, Long> steps, long typedClientMs, double wordErrors,
            int words, boolean sameFirstSource) {
    }

    private void run() throws Exception {
        List<PersonaCase> cases = Corpus.load(root.resolve("bench/grounding/corpus")).select(PersonaCase.DEV, personas);
        RecordingSynthesizer synthesizer = new RecordingSynthesizer(root.resolve("bench/grounding/target/audio"));
        Path work = Files.createDirectories(root.resolve("bench/voice/target/questions"));
        try (SystemUnderTest system = baseUrl == null
                ? SystemUnderTest.start(root, root.resolve("bench/voice/target/stack-runs"))
                : SystemUnderTest.at(baseUrl)) {
            PersonaApi api = PersonaApi.owner(system.baseUrl(), "voice-bench-" + UUID.randomUUID() + "@example.test",
                    "bench-" + UUID.randomUUID());
            List<PersonaUploader.PendingJob> jobs = new ArrayList<>();
            Map<String, String> personaIds = new LinkedHashMap<>();
            for (PersonaCase persona : cases) {
                Map<String, SynthesizedRecording> audio = new LinkedHashMap<>();
                for (RecordingScript script : persona.recordings()) {
                    audio.put(script.name(), synthesizer.synthesize(persona.id(), script));
                }
                PersonaUploader.Result uploaded = new PersonaUploader(api).upload(persona, audio);
                personaIds.put(persona.id(), uploaded.persona().personaId());
                jobs.addAll(uploaded.jobs());
            }
            new JobWatcher(api).awaitAll(jobs, Duration.ofMinutes(30));

            List<Spoken> spoken = speak(cases, personaIds, work);
            System.out.printf(Locale.ROOT, "Asking %d questions by voice and typed (%d more first, to warm up)%n",
                    spoken.size() - WARM_UP, WARM_UP);
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < spoken.size(); i++) {
                Result r = ask(api, spoken.get(i), i);
                if (i >= WARM_UP) {
                    results.add(r);
                }
            }
            report(spoken.subList(WARM_UP, spoken.size()), results);
        }
    }

    /** The answerable questions, round-robin over the personas, spoken and padded to {@code seconds}. */
    private List<Spoken> speak(List<PersonaCase> cases, Map<String, String> personaIds, Path work) {
        List<Spoken> out = new ArrayList<>();
        int total = questions + WARM_UP;
        for (int round = 0; out.size() < total; round++) {
            boolean any = false;
            for (PersonaCase persona : cases) {
                List<Question> answerable = persona.questions().stream().filter(Question::answerable).toList();
                if (round < answerable.size() && out.size() < total) {
                    any = true;
                    Question q = answerable.get(round);
                    String voice = VOICES[out.size() % VOICES.length];
                    Path base = work.resolve(persona.id() + "-" + round + "-" + voice + "-x" + stretch);
                    out.add(new Spoken(personaIds.get(persona.id()), q, webm(q.ask(), voice, base), speechSeconds(base)));
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }

    private byte[] webm(String text, String voice, Path base) {
        Path raw = base.resolveSibling(base.getFileName() + "-flite.wav");
        Path pcm = base.resolveSibling(base.getFileName() + ".wav");
        Path webm = base.resolveSibling(base.getFileName() + ".webm");
        run("flite", "-voice", voice, "--setf", String.format(Locale.ROOT, "duration_stretch=%.2f", stretch), "-t", text,
                "-o", raw.toString());
        run("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", raw.toString(), "-ar", "16000", "-ac", "1",
                "-c:a", "pcm_s16le", pcm.toString());
        run("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", pcm.toString(), "-af",
                String.format(Locale.ROOT, "apad=whole_dur=%.2f", seconds), "-c:a", "libopus", "-b:a", "32k",
                webm.toString());
        try {
            return Files.readAllBytes(webm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double speechSeconds(Path base) {
        try {
            return (Files.size(base.resolveSibling(base.getFileName() + ".wav")) - 44) / 32_000.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result ask(PersonaApi api, Spoken s, int index) {
        PersonaApi.Timed<JsonNode> voice = api.voiceChat(s.personaId(), s.webm(), "question-" + index + ".webm",
                "audio/webm");
        Map<String, Long> steps = new LinkedHashMap<>();
        for (String step : STEPS) {
            steps.put(step, voice.value().path("timings").path(step).asLong());
        }
        ChatReply typed = api.chat(s.personaId(), s.question().ask());
        String heard = voice.value().path("transcription").asText("");
        String voiceFirst = voice.value().path("citations").path(0).path("sourceId").asText("");
        String typedFirst = typed.citations().isEmpty() ? "" : typed.citations().get(0).sourceId();
        int words = WordErrorRate.words(s.question().ask()).size();
        return new Result(voice.millis(), steps, typed.millis(), WordErrorRate.errors(s.question().ask(), heard),
                words, voiceFirst.equals(typedFirst));
    }

    private void report(List<Spoken> spoken, List<Result> results) {
        double[] speech = spoken.stream().mapToDouble(Spoken::speechSec).sorted().toArray();
        System.out.println();
        System.out.printf(Locale.ROOT, "Voice chat: %d questions, audio padded to at least %.1f s (speech median "
                + "%.1f s, max %.1f s), voices flite %s, webm/opus%n", results.size(), seconds,
                percentile(speech, 50), speech.length == 0 ? 0 : speech[speech.length - 1], String.join("/", VOICES));
        System.out.printf(Locale.ROOT, "%-30s %8s %8s%n", "", "p50 ms", "p95 ms");
        row("voice chat, client wait", results.stream().mapToDouble(Result::voiceClientMs).toArray());
        for (String step : STEPS) {
            row("  server " + step, results.stream().mapToDouble(r -> r.steps().get(step)).toArray());
        }
        double[] typed = results.stream().mapToDouble(Result::typedClientMs).toArray();
        row("typed chat, client wait", typed);
        double voiceP50 = percentile(results.stream().mapToDouble(Result::voiceClientMs).sorted().toArray(), 50);
        System.out.printf(Locale.ROOT, "ratio voice / typed (p50)      %8.1f%n",
                voiceP50 / Math.max(1, percentile(Arrays.stream(typed).sorted().toArray(), 50)));
        double errors = results.stream().mapToDouble(Result::wordErrors).sum();
        double words = results.stream().mapToInt(Result::words).sum();
        long same = results.stream().filter(Result::sameFirstSource).count();
        System.out.printf(Locale.ROOT, "question WER %.1f %%; first citation as typed: %d of %d (%.0f %%)%n",
                100 * errors / Math.max(1, words), same, results.size(), 100.0 * same / Math.max(1, results.size()));
    }

    private static void row(String name, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-30s %8.0f %8.0f%n", name, percentile(sorted, 50), percentile(sorted, 95));
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
