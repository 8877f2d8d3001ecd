package dev.persona.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.bench.grounding.SystemUnderTest;
import dev.persona.bench.grounding.api.PersonaApi;
import dev.persona.bench.grounding.api.Uploaded;
import dev.persona.bench.grounding.corpus.Corpus;
import dev.persona.bench.grounding.corpus.DocumentSource;
import dev.persona.bench.grounding.corpus.PersonaCase;
import dev.persona.bench.grounding.corpus.Question;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Chat under load through the gateway: many users, each an owner with their own persona and memory (the grounding
 * corpus's documents), hold an open-loop rate of chats for a while; one user alone asking one question after another
 * is the baseline from the same run. Latency is measured from each chat's scheduled send time, so it includes any
 * wait behind the user's previous chat.
 *
 * <p>Run: {@code bench/chat-load.sh [--users 50] [--rate 25] [--duration 60]} (bench/README.md "Chat under load").
 */
public final class ChatLoadBench {
    private static final Duration CHAT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_WITHIN = Duration.ofMinutes(10);
    /** Setup requests at once: signing up hashes a password, which costs auth-service ~0.1 s of a core. */
    private static final int SETUP_THREADS = 4;

    /** One simulated user: an owner, their persona, the questions they ask and the session they keep. */
    static final class User {
        final int index;
        final PersonaApi api;
        final String personaId;
        final List<String> questions;
        String sessionId;
        int asked;

        User(int index, PersonaApi api, String personaId, List<String> questions) {
            this.index = index;
            this.api = api;
            this.personaId = personaId;
            this.questions = questions;
        }

        String nextQuestion() {
            return questions.get((index + asked++) % questions.size());
        }
    }

    private final LoadOptions options;

    private ChatLoadBench(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(List.of(args), Path.of(System.getProperty("persona.root", ".")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        new ChatLoadBench(options).run();
    }

    private void run() throws Exception {
        Corpus corpus = Corpus.load(options.root().resolve("bench/grounding/corpus"));
        try (SystemUnderTest system = options.baseUrl() != null ? SystemUnderTest.at(options.baseUrl())
                : SystemUnderTest.start(options.root(), options.root().resolve("bench/load/target/stack-runs"))) {
            List<User> users = createUsers(system.baseUrl(), corpus);
            warmUp(users);
            if (!options.warmup().isZero()) {
                // The services' JIT compiles most of the chat path during the first thousand or so chats, and
                // that CPU is not what chat costs in a service that has been up for a while.
                System.out.printf(Locale.ROOT, "JIT warm-up at the load's rate for %d s (not counted)...%n",
                        options.warmup().toSeconds());
                System.out.println("  warm-up: " + load(users, options.warmup()).line());
            }
            Map<String, Duration> cpuBefore = CpuMeter.snapshot();
            LatencySummary single = baseline(users.get(0));
            Map<String, Double> singleCpu = CpuMeter.perChat(cpuBefore, CpuMeter.snapshot(), single.sent());
            System.out.println("Single user (baseline): " + single.line());
            cpuBefore = CpuMeter.snapshot();
            System.out.printf(Locale.ROOT, "Load: %d users, %.1f chats/s offered in total (%s gaps), %d s...%n",
                    users.size(), options.rate(), options.poisson() ? "exponential" : "even",
                    options.duration().toSeconds());
            LatencySummary load = load(users, options.duration());
            Map<String, Double> loadCpu = CpuMeter.perChat(cpuBefore, CpuMeter.snapshot(), load.sent());
            report(single, load);
            if (system.kafkaBootstrap() != null) {
                reportCpu(singleCpu, loadCpu); // only a system started here runs in processes this JVM can see
            }
        }
    }

    private List<User> createUsers(String baseUrl, Corpus corpus) throws Exception {
        long started = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 8);
        ExecutorService setup = Executors.newFixedThreadPool(SETUP_THREADS);
        try {
            List<Future<User>> futures = new ArrayList<>();
            for (int i = 0; i < options.users(); i++) {
                int index = i;
                PersonaCase source = corpus.personas().get(i % corpus.personas().size());
                futures.add(setup.submit(() -> createUser(baseUrl, run, index, source)));
            }
            List<User> users = new ArrayList<>();
            for (Future<User> f : futures) {
                users.add(f.get(READY_WITHIN.toMinutes(), TimeUnit.MINUTES));
            }
            System.out.printf(Locale.ROOT, "%d users, each with a persona and its documents ready, in %.1f s%n",
                    users.size(), (System.nanoTime() - started) / 1e9);
            return users;
        } finally {
            setup.shutdownNow();
        }
    }

    private static User createUser(String baseUrl, String run, int index, PersonaCase source) throws Exception {
        PersonaApi api = PersonaApi.owner(baseUrl, "load-" + run + "-" + index + "@example.test",
                "load-bench-" + UUID.randomUUID());
        String personaId = api.createPersona(source.name() + " " + index, source.description());
        List<String> jobs = new ArrayList<>();
        for (DocumentSource document : source.documents()) {
            Uploaded uploaded = api.upload(personaId, "documents", document.file(), document.fileName());
            jobs.add(uploaded.jobId());
        }
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        for (String job : jobs) {
            while (true) {
                JsonNode state = api.job(personaId, job);
                String stage = state.path("stage").asText();
                if ("ready".equals(stage)) {
                    break;
                }
                if ("failed".equals(stage) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("User " + index + "'s document did not become ready: " + state);
                }
                Thread.sleep(250);
            }
        }
        List<String> questions = new ArrayList<>(source.questions().stream().map(Question::ask).toList());
        Collections.rotate(questions, index);
        return new User(index, api, personaId, List.copyOf(questions));
    }

    /** Every persona's index is built on its first question; that cost is a cache miss, not chat under load. */
    private void warmUp(List<User> users) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
        try {
            List<Future<LatencySummary.Sample>> futures = new ArrayList<>();
            for (User user : users) {
                futures.add(pool.submit(() -> {
                    chat(user, System.nanoTime());
                    return chat(user, System.nanoTime());
                }));
            }
            List<LatencySummary.Sample> samples = new ArrayList<>();
            for (Future<LatencySummary.Sample> f : futures) {
                samples.add(f.get());
            }
            System.out.printf(Locale.ROOT, "Warm-up (each persona's index loaded, 2 chats a user) in %.1f s: %s%n",
                    (System.nanoTime() - started) / 1e9, LatencySummary.of(samples, 1).errors());
        } finally {
            pool.shutdownNow();
        }
    }

    private LatencySummary baseline(User user) {
        List<LatencySummary.Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < options.baselineChats(); i++) {
            samples.add(chat(user, System.nanoTime()));
        }
        return LatencySummary.of(samples, (System.nanoTime() - started) / 1e9);
    }

    /** Every user on its own thread and connection, sending at its scheduled times until the duration is over. */
    private LatencySummary load(List<User> users, Duration duration) throws Exception {
        long durationNanos = duration.toNanos();
        ExecutorService lanes = Executors.newFixedThreadPool(users.size());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        try {
            List<Future<List<LatencySummary.Sample>>> futures = new ArrayList<>();
            for (User user : users) {
                List<Long> schedule = ArrivalSchedule.forUser(user.index, users.size(), options.ratePerUser(),
                        durationNanos, options.poisson());
                futures.add(lanes.submit(() -> lane(user, start, schedule)));
            }
            List<LatencySummary.Sample> samples = new ArrayList<>();
            long bound = durationNanos + CHAT_TIMEOUT.toNanos() * 2;
            for (Future<List<LatencySummary.Sample>> f : futures) {
                samples.addAll(f.get(Math.max(1, bound - (System.nanoTime() - start)), TimeUnit.NANOSECONDS));
            }
            return LatencySummary.of(samples, durationNanos / 1e9);
        } finally {
            lanes.shutdownNow();
        }
    }

    /**
     * One user's chats in order: each is sent at its scheduled time, or at once when the previous answer came later
     * than that; a chat still scheduled after the duration plus one timeout is not sent (the run stops by itself).
     */
    private static List<LatencySummary.Sample> lane(User user, long start, List<Long> schedule)
            throws InterruptedException {
        List<LatencySummary.Sample> samples = new ArrayList<>();
        for (long offset : schedule) {
            long due = start + offset;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            samples.add(chat(user, due));
        }
        return samples;
    }

    /** One chat, its latency counted from {@code dueNanos}. */
    private static LatencySummary.Sample chat(User user, long dueNanos) {
        String outcome;
        double serviceMillis = -1;
        try {
            PersonaApi.ChatAttempt attempt = user.api.chatOnce(user.personaId, user.nextQuestion(), user.sessionId,
                    CHAT_TIMEOUT);
            if (attempt.status() == 200) {
                user.sessionId = attempt.sessionId();
                serviceMillis = attempt.serverMillis();
            }
            outcome = Integer.toString(attempt.status());
        } catch (HttpTimeoutException e) {
            outcome = "timeout";
        } catch (IOException e) {
            outcome = "io-error";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        return new LatencySummary.Sample((System.nanoTime() - dueNanos) / 1e6, outcome, serviceMillis);
    }

    private static void reportCpu(Map<String, Double> single, Map<String, Double> load) {
        if (load.isEmpty()) {
            return;
        }
        System.out.println("  CPU per chat (ms)           single   load");
        load.forEach((name, ms) -> {
            if (ms >= 0.05 || single.getOrDefault(name, 0.0) >= 0.05) {
                System.out.printf(Locale.ROOT, "    %-42s %6.1f %6.1f%n", name, single.getOrDefault(name, Double.NaN),
                        ms);
            }
        });
        System.out.printf(Locale.ROOT, "    %-42s %6.1f %6.1f%n", "all", sum(single), sum(load));
    }

    private static double sum(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private void report(LatencySummary single, LatencySummary load) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Chat under load: %d users, %.1f chats/s offered for %d s, through the "
                + "gateway%n", options.users(), options.rate(), options.duration().toSeconds());
        System.out.printf(Locale.ROOT, "  single user (baseline)  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  "
                + "(%d chats)%n", single.p50(), single.p95(), single.p99(), single.ok());
        System.out.printf(Locale.ROOT, "  under load              p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  "
                + "max %.1f ms%n", load.p50(), load.p95(), load.p99(), load.max());
        System.out.printf(Locale.ROOT, "  chat-service's own time (timings.totalMs: retrieval and answer) p50 / p99: "
                + "single %.0f / %.0f ms, load %.0f / %.0f ms%n", single.serviceP50(), single.serviceP99(),
                load.serviceP50(), load.serviceP99());
        System.out.printf(Locale.ROOT, "  achieved rate           %.2f chats/s answered (%d of %d sent)%n",
                load.achievedRate(), load.ok(), load.sent());
        System.out.printf(Locale.ROOT, "  errors by status        %s%n",
                load.errors().isEmpty() ? "none" : load.errors());
        System.out.printf(Locale.ROOT, "  p99(load) / p50(single) %.2f%n", load.p99() / single.p50());
    }
}
