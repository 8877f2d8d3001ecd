package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replay command against a stand-in for the admin routes (a JDK HTTP server). */
class ReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEFORE = "{\"chunks\":3,\"sources\":2,\"models\":{\"all-minilm-l6-v2-q\":{\"chunks\":3,\"sources\":2}}}";
    private static final String AFTER = "{\"chunks\":3,\"sources\":2,\"models\":{\"bge-small-en-v15-q\":{\"chunks\":3,\"sources\":2}}}";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<String> progress = new ConcurrentLinkedDeque<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void startsTheReplayFollowsItAndPrintsProgressAndASummary() throws Exception {
        progress.add(replay("running", 2, 1, 0, 0, 1, BEFORE, null));
        progress.add(replay("running", 2, 1, 0, 0, 1, BEFORE, null)); // unchanged: printed once
        progress.add(replay("done", 2, 2, 0, 0, 0, null, AFTER));
        serve(202, replay("sending", 0, 0, 0, 0, 2, null, null));

        int exit = command("--stage", "embed", "--persona", "p-1").run();

        assertEquals(0, exit);
        assertEquals(List.of("POST /admin/replay", "GET /admin/replays/r-1", "GET /admin/replays/r-1",
                "GET /admin/replays/r-1"), requests);
        assertTrue(authorizations.stream().allMatch("Bearer operator-token"::equals), authorizations.toString());
        assertEquals("embed", bodies.get(0).path("stage").asText());
        assertEquals("p-1", bodies.get(0).path("personaId").asText());
        assertEquals(false, bodies.get(0).path("dryRun").asBoolean());
        String out = printed();
        assertTrue(out.contains("Replay r-1 of stage embed for persona p-1: 2 transcript-ready event(s) to re-emit"), out);
        assertEquals(1, count(out, "sent 2/2  done 1  failed 0  pending 1"), out);
        assertTrue(out.contains("Replay r-1 done after"), out);
        assertTrue(out.contains("events sent   2 of 2"), out);
        assertTrue(out.contains("jobs          done 2, failed 0, skipped 0, unsent 0, pending 0"), out);
        assertTrue(out.contains("chunks before 3 in 2 sources (all-minilm-l6-v2-q 3 in 2)"), out);
        assertTrue(out.contains("chunks after  3 in 2 sources (bge-small-en-v15-q 3 in 2)"), out);
    }

    @Test
    void failedJobsEndWithExitCode1() throws Exception {
        progress.add(replay("done", 2, 1, 1, 0, 0, null, AFTER));
        serve(202, replay("sending", 0, 0, 0, 0, 2, BEFORE, null));
        assertEquals(1, command("--stage", "transcribe").run());
        assertTrue(printed().contains("failed 1"), printed());
    }

    @Test
    void aDryRunPrintsThePlanAndFollowsNothing() throws Exception {
        serve(200, "{\"stage\":\"embed\",\"method\":\"reemit\",\"dryRun\":true,\"status\":\"dry-run\",\"events\":5,"
                + "\"personas\":2,\"skipped\":{\"withoutTranscript\":1},\"chunks\":" + BEFORE + "}");
        assertEquals(0, command("--stage", "embed", "--dry-run").run());
        assertEquals(List.of("POST /admin/replay"), requests);
        assertEquals(true, bodies.get(0).path("dryRun").asBoolean());
        String out = printed();
        assertTrue(out.contains("Dry run of a reemit replay of stage embed for every persona"), out);
        assertTrue(out.contains("events        5 transcript-ready for 2 persona(s)"), out);
        assertTrue(out.contains("skipped       withoutTranscript 1"), out);
    }

    @Test
    void aRefusalPrintsTheProblem() throws Exception {
        serve(403, "{\"status\":403,\"code\":\"forbidden\",\"title\":\"Forbidden\",\"detail\":\"You may not do this.\"}");
        assertEquals(1, command("--stage", "embed").run());
        assertTrue(printed().contains("Replay refused: 403 forbidden: You may not do this."), printed());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> ReplayCommand.Options.parse(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ReplayCommand.Options.parse(List.of("--stage", "chat")));
        assertThrows(IllegalArgumentException.class, () -> ReplayCommand.Options.parse(List.of("--stage")));
        assertThrows(IllegalArgumentException.class, () -> ReplayCommand.Options.parse(List.of("--stage", "embed",
                "--method", "magic")));
        assertThrows(IllegalArgumentException.class, () -> ReplayCommand.Options.parse(List.of("--stage", "embed",
                "--force")));
        ReplayCommand.Options options = ReplayCommand.Options.parse(List.of("--stage", "embed", "--url",
                "http://example.org:8080/", "--method", "offsets"));
        assertEquals("http://example.org:8080", options.baseUrl());
        assertEquals("offsets", options.body().get("method"));
    }

    private ReplayCommand command(String... args) {
        ReplayCommand.Options options = ReplayCommand.Options.parse(List.of(args).stream()
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new)));
        ReplayCommand.Options pointed = new ReplayCommand.Options(options.stage(), options.personaId(),
                options.dryRun(), options.method(), "http://127.0.0.1:" + server.getAddress().getPort());
        return new ReplayCommand(pointed, () -> "operator-token", new PrintStream(printed, true, StandardCharsets.UTF_8),
                Duration.ofMillis(10));
    }

    private void serve(int startStatus, String startBody) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("POST")) {
                bodies.add(JSON.readTree(body));
                reply(exchange, startStatus, startBody);
            } else {
                String next = progress.size() > 1 ? progress.poll() : progress.peek();
                reply(exchange, 200, next);
            }
        });
        server.start();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String replay(String status, long sent, long done, long failed, long unsent, long pending,
            String chunks, String after) {
        return "{\"replayId\":\"r-1\",\"stage\":\"embed\",\"method\":\"reemit\",\"personaId\":\"p-1\",\"status\":\""
                + status + "\",\"events\":2,\"personas\":1,\"sent\":" + sent + ",\"jobs\":{\"done\":" + done
                + ",\"failed\":" + failed + ",\"pending\":" + pending + ",\"skipped\":0,\"unsent\":" + unsent + "},"
                + "\"chunksBefore\":" + BEFORE + (chunks == null ? "" : ",\"chunks\":" + chunks)
                + (after == null ? "" : ",\"chunksAfter\":" + after) + "}";
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
