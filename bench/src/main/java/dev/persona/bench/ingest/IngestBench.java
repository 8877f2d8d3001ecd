package dev.persona.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.bench.grounding.SystemUnderTest;
import dev.persona.bench.grounding.api.PersonaApi;
import dev.persona.bench.grounding.api.Uploaded;
import dev.persona.bench.grounding.audio.RecordingSynthesizer;
import dev.persona.bench.grounding.audio.SynthesizedRecording;
import dev.persona.bench.grounding.corpus.Corpus;
import dev.persona.bench.grounding.corpus.PersonaCase;
import dev.persona.bench.grounding.corpus.RecordingScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * Minutes of speech through the whole pipeline on the embedded default, through the public API: the wall time and
 * real-time factor (seconds of work per second of audio) of the batch, of each stage, and what the Kafka + MongoDB
 * hops between the stages cost.
 *
 * <p>Same run, two phases. <b>Alone:</b> a few recordings one after another, so nothing queues; each hop's time
 * (from one stage's last event to the next stage starting: a Kafka delivery and the next stage's MongoDB reads) is
 * set against the stages' own work, which is what calling the stages in-process would cost. <b>Batch:</b> every
 * recording uploaded at once, as an owner importing an archive would, until the wall time of the last one ready.
 *
 * <p>Run: {@code bench/ingest.sh [--minutes 10] [--alone 3]} (README "Ingest at scale").
 */
public final class IngestBench {
    private static final Duration READY_WITHIN = Duration.ofMinutes(60);

    private record Job(String file, double audioSec, double uploadSec, String personaId, String jobId) {
    }

    private final Path root;
    private final double minutes;
    private final int alone;

    private IngestBench(Path root, double minutes, int alone) {
        this.root = root;
        this.minutes = minutes;
        this.alone = alone;
    }

    public static void main(String[] args) throws Exception {
        double minutes = 10;
        int alone = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--alone" -> alone = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("Usage: bench/ingest.sh [--minutes 10] [--alone 3]");
                    System.exit(2);
                }
            }
        }
        new IngestBench(Path.of(System.getProperty("persona.root", ".")), minutes, alone).run();
    }

    private void run() throws Exception {
        List<SynthesizedRecording> recordings = new ArrayList<>();
        List<String> names = new ArrayList<>();
        synthesise(recordings, names);
        try (SystemUnderTest system = SystemUnderTest.start(root, root.resolve("bench/ingest/target/stack-runs"));
                StageTimeline timeline = new StageTimeline(system.kafkaBootstrap())) {
            PersonaApi api = PersonaApi.owner(system.baseUrl(), "ingest-bench-" + UUID.randomUUID() + "@example.test",
                    "bench-" + UUID.randomUUID());
            String alonePersona = api.createPersona("Alone", "recordings one at a time");
            List<Job> aloneJobs = new ArrayList<>();
            for (int i = 0; i < alone; i++) {
                Job job = upload(api, alonePersona, recordings.get(i), names.get(i));
                awaitReady(api, List.of(job));
                aloneJobs.add(job);
            }

            List<String> personas = List.of(api.createPersona("Batch 1", "an archive"),
                    api.createPersona("Batch 2", "an archive"), api.createPersona("Batch 3", "an archive"));
            List<Job> batch = new ArrayList<>();
            long started = System.nanoTime();
            double audio = 0;
            for (int i = 0; audio < minutes * 60; i++) {
                SynthesizedRecording recording = recordings.get(i % recordings.size());
                batch.add(upload(api, personas.get(i % personas.size()), recording, names.get(i % names.size())));
                audio += recording.durationSec();
            }
            double uploadedAfter = (System.nanoTime() - started) / 1e9;
            awaitReady(api, batch);
            double wall = (System.nanoTime() - started) / 1e9;
            report(timeline, aloneJobs, batch, wall, uploadedAfter);
        }
    }

    private void synthesise(List<SynthesizedRecording> recordings, List<String> names) {
        RecordingSynthesizer synthesizer = new RecordingSynthesizer(root.resolve("bench/grounding/target/audio"));
        for (PersonaCase persona : Corpus.load(root.resolve("bench/grounding/corpus")).personas()) {
            for (RecordingScript script : persona.recordings()) {
                recordings.add(synthesizer.synthesize(persona.id(), script));
                names.add(script.uploadFileName());
            }
        }
        double total = recordings.stream().mapToDouble(SynthesizedRecording::durationSec).sum();
        System.out.printf(Locale.ROOT, "%d corpus recordings, %.1f min of speech (cycled to reach %.1f min)%n",
                recordings.size(), total / 60, minutes);
    }

    private static Job upload(PersonaApi api, String personaId, SynthesizedRecording recording, String name) {
        long start = System.nanoTime();
        Uploaded accepted = api.upload(personaId, "recordings", recording.uploadFile(), name);
        return new Job(name, recording.durationSec(), (System.nanoTime() - start) / 1e9, personaId, accepted.jobId());
    }

    private static void awaitReady(PersonaApi api, List<Job> jobs) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        for (Job job : jobs) {
            while (true) {
                JsonNode state = api.job(job.personaId(), job.jobId());
                String stage = state.path("stage").asText();
                if ("ready".equals(stage)) {
                    break;
                }
                if ("failed".equals(stage) || System.nanoTime() > deadline) {
                    throw new IllegalStateException(job.file() + " did not become ready: " + state);
                }
                Thread.sleep(250);
            }
        }
    }

    private static void report(StageTimeline timeline, List<Job> alone, List<Job> batch, double wall,
            double uploadedAfter) throws InterruptedException {
        List<StageTimeline.Points> alonePoints = points(timeline, alone);
        List<StageTimeline.Points> batchPoints = points(timeline, batch);
        double audio = batch.stream().mapToDouble(Job::audioSec).sum();
        double aloneAudio = alone.stream().mapToDouble(Job::audioSec).sum();

        System.out.println();
        System.out.printf(Locale.ROOT, "Batch: %d recordings, %.1f min of speech, uploaded in %.1f s%n", batch.size(),
                audio / 60, uploadedAfter);
        System.out.printf(Locale.ROOT, "  wall time to the last ready   %8.1f s   end-to-end RTF %.3f%n", wall, wall / audio);
        System.out.printf(Locale.ROOT, "  ingest (upload, decode, store) RTF %.3f (sum of upload requests / audio)%n",
                batch.stream().mapToDouble(Job::uploadSec).sum() / audio);
        System.out.printf(Locale.ROOT, "  transcribe work                RTF %.3f%n",
                sum(batchPoints, StageTimeline.Points::transcribe) / audio);
        System.out.printf(Locale.ROOT, "  embed work                     RTF %.3f%n",
                sum(batchPoints, StageTimeline.Points::embed) / audio);
        System.out.printf(Locale.ROOT, "  median wait for transcribe %.1f s, for embed %.2f s (queueing included)%n",
                median(batchPoints, StageTimeline.Points::waitForTranscribe),
                median(batchPoints, StageTimeline.Points::waitForEmbed));

        double hops = sum(alonePoints, StageTimeline.Points::waitForTranscribe)
                + sum(alonePoints, StageTimeline.Points::waitForEmbed);
        double work = sum(alonePoints, StageTimeline.Points::transcribe) + sum(alonePoints, StageTimeline.Points::embed);
        System.out.printf(Locale.ROOT, "Alone (baseline, same run): %d recordings, %.1f s of speech, one at a time%n",
                alone.size(), aloneAudio);
        System.out.printf(Locale.ROOT, "  hop audio-uploaded -> transcribe  median %6.1f ms%n",
                1000 * median(alonePoints, StageTimeline.Points::waitForTranscribe));
        System.out.printf(Locale.ROOT, "  hop transcript-ready -> embed     median %6.1f ms%n",
                1000 * median(alonePoints, StageTimeline.Points::waitForEmbed));
        System.out.printf(Locale.ROOT, "  stages' own work (in-process cost) %.2f s, RTF %.3f; the hops add %.2f s: "
                + "pipeline / in-process = %.3f%n", work, work / aloneAudio, hops, (work + hops) / work);
    }

    private static List<StageTimeline.Points> points(StageTimeline timeline, List<Job> jobs)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<StageTimeline.Points> points = new ArrayList<>();
        for (Job job : jobs) {
            // The job reads ready in the store a moment before its last event is read here.
            while (timeline.of(job.jobId()).filter(StageTimeline.Points::complete).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("No complete timeline for " + job.file() + ": "
                            + timeline.of(job.jobId()));
                }
                Thread.sleep(50);
            }
            points.add(timeline.of(job.jobId()).orElseThrow());
        }
        return points;
    }

    private static double sum(List<StageTimeline.Points> points, ToDoubleFunction<StageTimeline.Points> part) {
        return points.stream().mapToDouble(part).sum();
    }

    private static double median(List<StageTimeline.Points> points, ToDoubleFunction<StageTimeline.Points> part) {
        double[] values = points.stream().mapToDouble(part).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[values.length / 2];
    }
}
