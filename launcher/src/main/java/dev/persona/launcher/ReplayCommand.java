package dev.persona.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ./persona replay --stage transcribe|embed [--persona ID] [--dry-run] [--method reemit|offsets] [--url URL]}:
 * asks ingest-service, through the gateway, to reprocess one persona or all from a stage ({@code POST /admin/replay},
 * which goes through Kafka only), then follows the replay ({@code GET /admin/replays/{id}}) and prints its progress
 * and a summary: events sent, jobs done and failed, chunks before and after by embedding model. Ctrl-C stops
 * following, not the replay.
 */
public final class ReplayCommand {
    static final String USAGE = "usage: persona replay --stage transcribe|embed [--persona ID] [--dry-run]"
            + " [--method reemit|offsets] [--url http://localhost:8080]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINISHED = Set.of("done", "timed-out", "failed");

    public record Options(String stage, String personaId, boolean dryRun, String method, String baseUrl) {

        /** @throws IllegalArgumentException with what is wrong, for the usage line */
        public static Options parse(List<String> args) {
            String stage = null;
            String persona = null;
            String method = null;
            String url = "http://localhost:8080";
            boolean dryRun = false;
            Iterator<String> it = args.iterator();
            while (it.hasNext()) {
                String arg = it.next();
                switch (arg) {
                    case "--stage" -> stage = value(arg, it);
                    case "--persona" -> persona = value(arg, it);
                    case "--method" -> method = value(arg, it);
                    case "--url" -> url = value(arg, it);
                    case "--dry-run" -> dryRun = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (!"transcribe".equals(stage) && !"embed".equals(stage)) {
                throw new IllegalArgumentException("--stage must be transcribe or embed");
            }
            if (method != null && !method.equals("reemit") && !method.equals("offsets")) {
                throw new IllegalArgumentException("--method must be reemit or offsets");
            }
            return new Options(stage, persona, dryRun, method, url.replaceAll("/+$", ""));
        }

        private static String value(String flag, Iterator<String> it) {
            if (!it.hasNext()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return it.next();
        }

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stage", stage);
            if (personaId != null) {
                body.put("personaId", personaId);
            }
            if (method != null) {
                body.put("method", method);
            }
            body.put("dryRun", dryRun);
            return body;
        }
    }

    private final Options options;
    private final Callable<String> token;
    private final PrintStream out;
    private final Duration pollInterval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param token gives the bearer token for each request (a fresh one each time when it is signed here) */
    public ReplayCommand(Options options, Callable<String> token, PrintStream out, Duration pollInterval) {
        this.options = options;
        this.token = token;
        this.out = out;
        this.pollInterval = pollInterval;
    }

    /** 0: done with every job done; 1: refused, failed, timed out, or some jobs failed; 2: not reachable. */
    public int run() throws Exception {
        HttpResponse<String> started;
        try {
            started = http.send(request("/admin/replay").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(options.body()))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            out.println("Cannot reach " + options.baseUrl() + " (" + e.getMessage() + "): is Persona up?");
            return 2;
        }
        if (started.statusCode() != 200 && started.statusCode() != 202) {
            out.println("Replay refused: " + problem(started));
            return 1;
        }
        JsonNode replay = JSON.readTree(started.body());
        if (options.dryRun()) {
            printPlan(replay);
            return 0;
        }
        printStart(replay);
        return follow(replay.path("replayId").asText());
    }

    private int follow(String replayId) throws Exception {
        long startedAt = System.nanoTime();
        String last = "";
        while (true) {
            HttpResponse<String> response = http.send(request("/admin/replays/" + replayId).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                out.println("Cannot follow replay " + replayId + ": " + problem(response));
                return 1;
            }
            JsonNode replay = JSON.readTree(response.body());
            String line = progressLine(replay);
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            if (FINISHED.contains(replay.path("status").asText())) {
                printSummary(replay, Duration.ofNanos(System.nanoTime() - startedAt));
                return succeeded(replay) ? 0 : 1;
            }
            Thread.sleep(pollInterval.toMillis()); // polling a remote service: nothing local to await
        }
    }

    private HttpRequest.Builder request(String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(options.baseUrl() + path))
                .header("Authorization", "Bearer " + token.call()).timeout(Duration.ofSeconds(60));
    }

    private void printPlan(JsonNode plan) {
        String method = plan.path("method").asText();
        out.printf("Dry run of a %s replay of stage %s for %s (%s): nothing sent%n", method, options.stage(),
                scope(plan), method.equals("offsets") ? "group " + plan.path("group").asText() : "re-emit");
        out.printf("  events        %d %s%s%n", plan.path("events").asLong(), topic(),
                plan.has("personas") ? " for " + plan.path("personas").asLong() + " persona(s)" : "");
        printSkipped(plan);
        if (plan.hasNonNull("refusal")) {
            out.println("  would refuse  " + plan.path("refusal").asText());
        }
        out.println("  chunks now    " + chunks(plan.path("chunks")));
    }

    private void printStart(JsonNode replay) {
        out.printf("Replay %s of stage %s for %s: %d %s%s%n", replay.path("replayId").asText(), options.stage(),
                scope(replay), replay.path("events").asLong(),
                replay.path("method").asText().equals("offsets") ? "events to consume again from " + topic()
                        : topic() + " event(s) to re-emit",
                replay.has("personas") ? " for " + replay.path("personas").asLong() + " persona(s)" : "");
        printSkipped(replay);
        out.println("  chunks before " + chunks(replay.path("chunksBefore")));
    }

    private void printSkipped(JsonNode replay) {
        List<String> skipped = new ArrayList<>();
        replay.path("skipped").fields().forEachRemaining(e -> skipped.add(e.getKey() + " " + e.getValue().asLong()));
        if (!skipped.isEmpty()) {
            out.println("  skipped       " + String.join(", ", skipped));
        }
    }

    static String progressLine(JsonNode replay) {
        String status = replay.path("status").asText();
        long events = replay.path("events").asLong();
        String counts;
        if (replay.has("consumed")) {
            counts = String.format(Locale.ROOT, "consumed %d/%d", replay.path("consumed").asLong(), events);
        } else {
            JsonNode jobs = replay.path("jobs");
            counts = String.format(Locale.ROOT, "sent %d/%d  done %d  failed %d  pending %d  skipped %d  unsent %d",
                    replay.path("sent").asLong(), events, jobs.path("done").asLong(), jobs.path("failed").asLong(),
                    jobs.path("pending").asLong(), jobs.path("skipped").asLong(), jobs.path("unsent").asLong());
        }
        JsonNode chunks = replay.hasNonNull("chunksAfter") ? replay.path("chunksAfter") : replay.path("chunks");
        return String.format(Locale.ROOT, "  %-9s %s | chunks %s", status, counts, chunks(chunks));
    }

    private void printSummary(JsonNode replay, Duration took) {
        out.printf(Locale.ROOT, "Replay %s %s after %.1f s%n", replay.path("replayId").asText(),
                replay.path("status").asText(), took.toMillis() / 1000.0);
        if (replay.has("consumed")) {
            out.printf("  events        %d of %d consumed again by group %s%n", replay.path("consumed").asLong(),
                    replay.path("events").asLong(), replay.path("group").asText());
        } else {
            JsonNode jobs = replay.path("jobs");
            out.printf("  events sent   %d of %d%n", replay.path("sent").asLong(), replay.path("events").asLong());
            out.printf("  jobs          done %d, failed %d, skipped %d, unsent %d, pending %d%n",
                    jobs.path("done").asLong(), jobs.path("failed").asLong(), jobs.path("skipped").asLong(),
                    jobs.path("unsent").asLong(), jobs.path("pending").asLong());
        }
        out.println("  chunks before " + chunks(replay.path("chunksBefore")));
        out.println("  chunks after  " + chunks(replay.hasNonNull("chunksAfter") ? replay.path("chunksAfter")
                : replay.path("chunks")));
        if (replay.hasNonNull("error")) {
            out.println("  error         " + replay.path("error").asText());
        }
    }

    private static boolean succeeded(JsonNode replay) {
        JsonNode jobs = replay.path("jobs");
        return replay.path("status").asText().equals("done") && jobs.path("failed").asLong() == 0
                && jobs.path("unsent").asLong() == 0;
    }

    /** "120 in 42 sources (all-minilm-l6-v2-q 120 in 42)". */
    static String chunks(JsonNode tally) {
        if (tally == null || tally.isMissingNode() || tally.isNull()) {
            return "-";
        }
        List<String> models = new ArrayList<>();
        tally.path("models").fields().forEachRemaining(e -> models.add(e.getKey() + " " + e.getValue().path("chunks")
                .asLong() + " in " + e.getValue().path("sources").asLong()));
        return tally.path("chunks").asLong() + " in " + tally.path("sources").asLong() + " sources"
                + (models.isEmpty() ? "" : " (" + String.join(", ", models) + ")");
    }

    private String scope(JsonNode replay) {
        return replay.hasNonNull("personaId") ? "persona " + replay.path("personaId").asText() : "every persona";
    }

    private String topic() {
        return options.stage().equals("transcribe") ? "audio-uploaded" : "transcript-ready";
    }

    private static String problem(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem.has("code")) {
                return response.statusCode() + " " + problem.path("code").asText() + ": "
                        + problem.path("detail").asText();
            }
        } catch (IOException ignored) {
            // not problem+json: show the status alone
        }
        return Integer.toString(response.statusCode());
    }
}
