package dev.persona.bench.grounding;

import dev.persona.bench.grounding.JobWatcher.JobOutcome;
import dev.persona.bench.grounding.PersonaUploader.PendingJob;
import dev.persona.bench.grounding.api.PersonaApi;
import dev.persona.bench.grounding.audio.RecordingSynthesizer;
import dev.persona.bench.grounding.audio.SynthesizedRecording;
import dev.persona.bench.grounding.corpus.Corpus;
import dev.persona.bench.grounding.corpus.PersonaCase;
import dev.persona.bench.grounding.corpus.RecordingScript;
import dev.persona.bench.grounding.metrics.Figures;
import dev.persona.bench.grounding.metrics.FiguresTable;
import dev.persona.bench.grounding.metrics.QuestionResult;
import dev.persona.bench.grounding.metrics.TranscriptResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The grounding benchmark: synthesises the corpus' recordings, uploads every persona through the HTTP API, waits for
 * the pipeline, asks every question and prints how often the answers cite the right recording, second and document,
 * how often they refuse, and how well the recordings were transcribed.
 */
public final class GroundingBench {
    private final BenchOptions options;

    private GroundingBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(List.of(args), Path.of(System.getProperty("persona.root", ".")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new GroundingBench(options).run());
    }

    private int run() throws InterruptedException {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        List<PersonaCase> personas = Corpus.load(options.benchDir().resolve("corpus")).select(options.split(),
                options.personas());
        if (personas.isEmpty()) {
            System.err.println("No persona in split " + options.split());
            return 2;
        }
        Map<String, Map<String, SynthesizedRecording>> audio = synthesise(personas);

        try (SystemUnderTest system = options.baseUrl() != null ? SystemUnderTest.at(options.baseUrl())
                : SystemUnderTest.start(options.root(), options.benchDir().resolve("target/stack-runs"))) {
            BenchState kept = options.reuse() ? BenchState.read(options.state(), system.baseUrl()).orElse(null) : null;
            PersonaApi api = kept != null ? PersonaApi.owner(system.baseUrl(), kept.email(), kept.password())
                    : PersonaApi.owner(system.baseUrl(), "bench-" + UUID.randomUUID() + "@example.test",
                            "bench-" + UUID.randomUUID());
            BenchState state = kept != null ? kept
                    : new BenchState(system.baseUrl(), api.email(), api.password(), Map.of());

            Map<String, UploadedPersona> uploaded = new LinkedHashMap<>();
            List<PendingJob> jobs = upload(api, personas, audio, state, uploaded);
            List<JobOutcome> outcomes = awaitJobs(api, jobs);
            if (options.reuse()) {
                state.personas().putAll(uploaded);
                state.write(options.state());
            }

            List<TranscriptResult> transcripts = new ArrayList<>();
            List<QuestionResult> answers = new ArrayList<>();
            long askingStarted = System.nanoTime();
            for (PersonaCase persona : personas) {
                transcripts.addAll(new TranscriptCheck(api).check(persona, uploaded.get(persona.id())));
                answers.addAll(new Interview(api).ask(persona, uploaded.get(persona.id()), audio.get(persona.id())));
            }
            System.out.printf("Asked %d questions in %.0f s%n", answers.size(),
                    (System.nanoTime() - askingStarted) / 1e9);

            Map<String, Figures> figures = figuresBySplit(personas, answers, transcripts);
            double seconds = (System.nanoTime() - started) / 1e9;
            new Report(startedAt.toString(), system.baseUrl(), options.split(), seconds, figures, outcomes, transcripts,
                    answers).write(options.report());
            System.out.println();
            System.out.print(FiguresTable.render(figures));
            System.out.println();
            System.out.print(FiguresTable.werByVoice(transcripts));
            System.out.printf("%nReport with every question's result: %s (run took %.0f s)%n", options.report(), seconds);
            return outcomes.stream().allMatch(JobOutcome::ready) ? 0 : 1;
        }
    }

    /** Uploads the personas that the state does not already hold unchanged; returns the jobs to wait for. */
    private static List<PendingJob> upload(PersonaApi api, List<PersonaCase> personas,
            Map<String, Map<String, SynthesizedRecording>> audio, BenchState state,
            Map<String, UploadedPersona> uploaded) {
        List<PendingJob> jobs = new ArrayList<>();
        PersonaUploader uploader = new PersonaUploader(api);
        System.out.println("Uploading " + personas.size() + " personas");
        for (PersonaCase persona : personas) {
            UploadedPersona kept = state.personas().get(persona.id());
            if (kept != null && kept.fingerprint().equals(PersonaUploader.fingerprint(persona))
                    && api.personaExists(kept.personaId())) {
                System.out.printf("  %-16s reusing persona %s%n", persona.id(), kept.personaId());
                uploaded.put(persona.id(), kept);
                continue;
            }
            PersonaUploader.Result result = uploader.upload(persona, audio.get(persona.id()));
            uploaded.put(persona.id(), result.persona());
            jobs.addAll(result.jobs());
        }
        return jobs;
    }

    private List<JobOutcome> awaitJobs(PersonaApi api, List<PendingJob> jobs) throws InterruptedException {
        System.out.println("Waiting for " + jobs.size() + " jobs (at most " + options.ingestTimeout().toMinutes()
                + " min)");
        long started = System.nanoTime();
        List<JobOutcome> outcomes = new JobWatcher(api).awaitAll(jobs, options.ingestTimeout());
        long failed = outcomes.stream().filter(o -> !o.ready()).count();
        System.out.printf("  %d ready, %d failed or unfinished, in %.0f s%n", outcomes.size() - failed, failed,
                (System.nanoTime() - started) / 1e9);
        return outcomes;
    }

    private Map<String, Map<String, SynthesizedRecording>> synthesise(List<PersonaCase> personas) {
        RecordingSynthesizer synthesizer = new RecordingSynthesizer(options.benchDir().resolve("target/audio"));
        Map<String, Map<String, SynthesizedRecording>> audio = new HashMap<>();
        long started = System.nanoTime();
        int count = 0;
        for (PersonaCase persona : personas) {
            Map<String, SynthesizedRecording> recordings = new LinkedHashMap<>();
            for (RecordingScript script : persona.recordings()) {
                recordings.put(script.name(), synthesizer.synthesize(persona.id(), script));
                count++;
            }
            audio.put(persona.id(), recordings);
        }
        System.out.printf("Synthesised (or found cached) %d recordings in %.1f s%n", count,
                (System.nanoTime() - started) / 1e9);
        return audio;
    }

    private static Map<String, Figures> figuresBySplit(List<PersonaCase> personas, List<QuestionResult> answers,
            List<TranscriptResult> transcripts) {
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (String split : List.of(PersonaCase.DEV, PersonaCase.HOLDOUT)) {
            if (personas.stream().anyMatch(p -> p.split().equals(split))) {
                figures.put(split, Figures.of(answers.stream().filter(a -> a.split().equals(split)).toList(),
                        transcripts.stream().filter(t -> t.split().equals(split)).toList()));
            }
        }
        figures.put("all", Figures.of(answers, transcripts));
        return figures;
    }
}
