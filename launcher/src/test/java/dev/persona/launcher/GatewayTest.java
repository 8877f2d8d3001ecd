package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.infra.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway in front of a tiny Vert.x stand-in for auth-service that records every request it sees, so each test
 * can say both what the client got and what reached the service.
 */
class GatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small limits, so that breaking them is quick. */
    private static final Map<String, String> LIMITS = Map.of("max-body-size", "1M", "body-timeout", "300ms",
            "min-body-rate", "1K", "upstream-timeout", "500ms", "upstream-connect-timeout", "1s", "linger", "1s",
            "request-head-timeout", "10s", "max-connections-per-client", "16");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Gateway.ServiceState> states = new ConcurrentHashMap<>();
    /** Every request target the service was asked for, complete bodies or not. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    /** Requests whose body the service read to its end. */
    private final List<String> completed = new CopyOnWriteArrayList<>();
    /** Requests that were reset before their body ended. */
    private final Map<String, CompletableFuture<Void>> aborted = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> bigResponseAborted = new CompletableFuture<>();
    private final List<Gateway> gateways = new ArrayList<>();
    private Vertx vertx;
    private int authPort;
    private int deadPort;
    private int gatewayPort;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        authPort = FreePort.find();
        deadPort = FreePort.find();
        HttpServer auth = vertx.createHttpServer().requestHandler(this::serve);
        auth.listen(authPort, ServiceSpec.HOST).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        states.put("auth-service", Gateway.ServiceState.READY);
        states.put("ingest-service", Gateway.ServiceState.NOT_BUILT);
        gatewayPort = startGateway(Map.of());
    }

    /** The stand-in service: every path it has, including the /q/ ones the gateway must never reach. */
    private void serve(HttpServerRequest req) {
        seen.add(req.uri());
        String path = req.path();
        if (path.startsWith("/q") || path.startsWith("/auth/q")) {
            req.response().end("management surface");
            return;
        }
        switch (path) {
            case "/auth/stream" -> {
                // Two server-sent events with a pause: the second must not be needed to see the first.
                req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                req.response().write("data: first\n\n");
                vertx.setTimer(1500, t -> req.response().end("data: second\n\n"));
            }
            case "/auth/hang" -> {
                // Never answers.
            }
            case "/auth/bare413" -> req.body().onSuccess(b -> req.response().setStatusCode(413).end());
            case "/auth/chunked" -> req.response().setChunked(true).end("streamed");
            case "/auth/big" -> streamForever(req);
            default -> {
                CompletableFuture<Void> reset = aborted.computeIfAbsent(path, p -> new CompletableFuture<>());
                req.exceptionHandler(t -> reset.complete(null));
                req.body().onSuccess(body -> {
                    completed.add(path);
                    req.response().putHeader("Content-Type", "text/plain").end(req.method() + " " + req.uri()
                            + " from " + req.getHeader("X-Forwarded-For") + " body=" + body.length());
                });
            }
        }
    }

    /** A response with no end, written as fast as the reader takes it. */
    private void streamForever(HttpServerRequest req) {
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        req.response().setChunked(true);
        req.response().closeHandler(v -> bigResponseAborted.complete(null));
        req.response().exceptionHandler(t -> bigResponseAborted.complete(null));
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (!req.response().writeQueueFull() && !req.response().closed()) {
                req.response().write(chunk);
            }
            req.response().drainHandler(v -> pump[0].run());
        };
        pump[0].run();
    }

    private int startGateway(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(LIMITS);
        values.putAll(overrides);
        int port = FreePort.find();
        gateways.add(new Gateway(port, GatewayConfig.from(values), List.of(
                new ServiceSpec("auth-service", authPort, "64m"),
                new ServiceSpec("ingest-service", deadPort, "64m")), states::get));
        return port;
    }

    @AfterEach
    void stop() throws Exception {
        gateways.forEach(Gateway::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void proxiesRequestsWithBodiesQueryStringsAndClientAddress() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/auth/token?x=1")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[300_000])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("POST /auth/token?x=1 from 127.0.0.1 body=300000", response.body());
    }

    @Test
    void theServiceReadsThePathInTheNormalFormThatWasRouted() throws Exception {
        RawHttp.Response response = RawHttp.exchange(gatewayPort,
                "GET /%61uth/%7Euser%41?x=%2e HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, response.status());
        assertEquals("GET /auth/~userA?x=%2e from 127.0.0.1 body=0", response.body());
    }

    @Test
    void dotSegmentsAndEncodedVariantsAreRefusedWith400AndNeverReachTheService() throws Exception {
        for (String target : new String[] {"/auth/../q/metrics", "/auth/./q/metrics", "/auth/%2e%2e/q/metrics",
                "/auth/%2E%2E/q/openapi", "/auth/.%2e/q/health", "/auth/..%2fq%2fmetrics", "/auth%2f..%2fq/metrics",
                "/auth/..\\q\\metrics", "/auth\\..\\q\\metrics", "/auth/%5c..%5cq/metrics", "/auth//../q/metrics",
                "//q/metrics", "/auth/..;/q/metrics", "/personas/p1/chat/../../../q/metrics", "/auth/%zz",
                "/auth/%00/q"}) {
            RawHttp.Response response = get(target);
            assertProblem(response, 400, "path-not-allowed", target);
        }
        assertEquals(List.of(), seen);
    }

    @Test
    void managementPathsAreNotFoundOnThePublicSide() throws Exception {
        for (String target : new String[] {"/q/metrics", "/q/openapi", "/q/swagger-ui/", "/q/health/ready",
                "/Q/metrics", "/auth/q/metrics", "/auth/%71/metrics", "/auth/q;x/metrics", "/personas/q/health",
                "/v1/q/openapi"}) {
            RawHttp.Response response = get(target);
            assertProblem(response, 404, "not-found", target);
        }
        assertEquals(List.of(), seen);
    }

    @Test
    void gatewaysOwnHealthStaysItsOwn() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"auth-service\":\"ready\""), response.body());
        assertTrue(response.body().contains("\"ingest-service\":\"not_built\""), response.body());
        assertEquals(List.of(), seen);
    }

    @Test
    void bodyDeclaredTooLargeGets413ProblemBeforeAnyOfItIsSent() throws Exception {
        try (RawHttp client = RawHttp.connect(gatewayPort)) {
            client.send("POST /auth/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 125829120\r\n\r\n")
                    .send(new byte[4096]);
            assertProblem(client.read(), 413, "payload-too-large", "declared 120 MB");
        }
        assertFalse(seen.contains("/auth/upload"), seen.toString());
    }

    @Test
    void chunkedBodyOverTheLimitIsCutWith413AndTheServiceNeverGetsItWhole() throws Exception {
        try (RawHttp client = RawHttp.connect(gatewayPort)) {
            client.send("POST /auth/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 17; i++) { // 1.06 MiB, over the 1 MiB limit
                client.send(Integer.toHexString(chunk.length) + "\r\n").send(chunk).send("\r\n");
            }
            client.send("0\r\n\r\n");
            assertProblem(client.read(), 413, "payload-too-large", "chunked 1.06 MiB");
        }
        aborted.get("/auth/upload").get(5, TimeUnit.SECONDS);
        assertFalse(completed.contains("/auth/upload"), "the service got a truncated body as a whole one");
    }

    @Test
    void bareErrorFromTheServiceBecomesProblemJson() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/auth/bare413")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("payload-too-large", JSON.readTree(response.body()).path("code").asText());
    }

    @Test
    void serviceThatIsNotRunningAnswers503ProblemJson() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/personas"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("service-unavailable", JSON.readTree(response.body()).path("code").asText());
        assertTrue(response.body().contains("not built"), response.body());
    }

    @Test
    void serviceThatIsDownGives502ProblemJson() throws Exception {
        states.put("ingest-service", Gateway.ServiceState.READY); // ready as far as the launcher knows; nothing listens
        RawHttp.Response response = get("/personas");
        assertProblem(response, 502, "bad-gateway", "nothing on the service's port");
        assertEquals("/personas", JSON.readTree(response.body()).path("instance").asText());
    }

    @Test
    void serviceThatDoesNotAnswerGives504ProblemJson() throws Exception {
        assertProblem(get("/auth/hang"), 504, "gateway-timeout", "no response head");
    }

    @Test
    void unknownPathIs404ProblemJson() throws Exception {
        assertProblem(get("/nothing"), 404, "not-found", "/nothing");
    }

    @Test
    void bodyThatStopsComingIsCutWith408WhileANormalClientIsServed() throws Exception {
        try (RawHttp slow = RawHttp.connect(gatewayPort)) {
            slow.send("POST /auth/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n").send(new byte[10]);
            HttpResponse<String> normal = http.send(HttpRequest.newBuilder(URI.create(url("/auth/token")))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, normal.statusCode(), "a normal client waits on nobody");
            RawHttp.Response cut = slow.read();
            assertProblem(cut, 408, "request-timeout", "no body after 10 bytes");
            assertEquals("close", cut.header("Connection"));
        }
        aborted.get("/auth/slow").get(5, TimeUnit.SECONDS);
        assertFalse(completed.contains("/auth/slow"));
    }

    @Test
    void bodyTrickledBelowTheFloorIsCutWith408() throws Exception {
        try (RawHttp slow = RawHttp.connect(gatewayPort)) {
            slow.send("POST /auth/trickle HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
            CompletableFuture<RawHttp.Response> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return slow.read();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // 16 bytes every 20 ms: 800 bytes/s, under the 1 KiB/s floor. Sleeping is the client's pace here.
            while (!answer.isDone()) {
                try {
                    slow.send(new byte[16]);
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(20);
            }
            assertProblem(answer.get(5, TimeUnit.SECONDS), 408, "request-timeout", "800 bytes/s");
        }
        assertFalse(completed.contains("/auth/trickle"));
    }

    @Test
    void headersThatNeverEndCloseTheConnectionWhileOthersAreServed() throws Exception {
        int port = startGateway(Map.of("request-head-timeout", "300ms"));
        try (RawHttp slowloris = RawHttp.connect(port)) {
            slowloris.send("GET /auth/token HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            assertEquals(200, RawHttp.exchange(port, "GET /auth/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .status());
            assertTrue(slowloris.closedByPeer(), "the gateway kept a connection without a request head open");
        }
        assertEquals(List.of("/auth/token"), seen, "only the complete request reached the service");
    }

    @Test
    void busyConnectionsBeyondTheLimitPerAddressAreRefusedWhileAnotherAddressIsServed() throws Exception {
        int port = startGateway(Map.of("max-connections-per-client", "2"));
        Gateway gateway = gateways.get(gateways.size() - 1);
        String keepAlive = "GET /auth/ping HTTP/1.1\r\nHost: x\r\n\r\n";
        String unfinishedHead = "GET /auth/ping HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        try (RawHttp first = RawHttp.connect(port); RawHttp second = RawHttp.connect(port)) {
            // One still sending its request head, one waiting for its response: neither is idle.
            first.send(unfinishedHead);
            second.send("GET /auth/hang HTTP/1.1\r\nHost: x\r\n\r\n");
            await(() -> seen.contains("/auth/hang"));
            try (RawHttp third = RawHttp.connect(port)) {
                RawHttp.Response refused = third.send(keepAlive).read();
                assertProblem(refused, 429, "rate-limited", "third connection from 127.0.0.1");
                assertTrue(third.closedByPeer());
            }
            try (RawHttp other = RawHttp.connect("127.0.0.2", port, 0)) {
                assertEquals(200, other.send(keepAlive).read().status(), "another address is not held up");
            }
            first.close();
            await(() -> gateway.openConnections() == 1);
            try (RawHttp again = RawHttp.connect(port)) {
                assertEquals(200, again.send(keepAlive).read().status(), "a closed connection gives its slot back");
            }
        }
    }

    @Test
    void aClientAtItsLimitWithIdleKeepAlivesIsServedOnANewConnectionAndItsLongestIdleOneIsClosed() throws Exception {
        // Clients that open a connection per request and leave the old ones open (idle keep-alives) are common.
        int port = startGateway(Map.of("max-connections-per-client", "2"));
        String keepAlive = "GET /auth/ping HTTP/1.1\r\nHost: x\r\n\r\n";
        try (RawHttp first = RawHttp.connect(port); RawHttp second = RawHttp.connect(port)) {
            assertEquals(200, first.send(keepAlive).read().status());
            assertEquals(200, second.send(keepAlive).read().status());
            try (RawHttp third = RawHttp.connect(port)) {
                assertEquals(200, third.send(keepAlive).read().status());
                assertTrue(first.closedByPeer(), "the longest idle connection gave its slot up");
                assertEquals(200, second.send(keepAlive).read().status(), "the other idle connection still serves");
                try (RawHttp fourth = RawHttp.connect(port)) {
                    assertEquals(200, fourth.send(keepAlive).read().status());
                    assertTrue(third.closedByPeer(), "the connection idle longest now is the third");
                }
            }
        }
    }

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxy() throws Exception {
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(url("/auth/who")))
                .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(direct.body().endsWith("from 127.0.0.1 body=0"), direct.body());

        int port = startGateway(Map.of("trusted-proxies", "127.0.0.1"));
        HttpResponse<String> proxied = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/auth/who")).header("X-Forwarded-For", "1.2.3.4, 203.0.113.9").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(proxied.body().endsWith("from 203.0.113.9 body=0"), proxied.body());
    }

    @Test
    void oversizedHeadersAndSmuggledFramingGetProblems() throws Exception {
        assertProblem(get("/auth/token", "X-Big: " + "a".repeat(20_000) + "\r\n"), 431, "header-too-large",
                "20 KB header");
        // Netty already drops Content-Length when Transfer-Encoding is there; anything but plain chunked is refused.
        assertProblem(RawHttp.exchange(gatewayPort, "POST /auth/token HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"), 400, "bad-request",
                "TE gzip");
        assertProblem(RawHttp.exchange(gatewayPort, "POST /auth/token HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 3x\r\nConnection: close\r\n\r\nabc"), 400, "bad-request", "CL 3x");
        assertFalse(seen.contains("/auth/token"), seen.toString());
    }

    @Test
    void http10ClientsGetFramedBodiesButNotStreamsTheProxyWouldBuffer() throws Exception {
        RawHttp.Response framed = RawHttp.exchange(gatewayPort, "GET /auth/token HTTP/1.0\r\n\r\n");
        assertEquals(200, framed.status());
        assertProblem(RawHttp.exchange(gatewayPort, "GET /auth/chunked HTTP/1.0\r\n\r\n"), 505,
                "http-version-not-supported", "HTTP/1.0 stream");
    }

    @Test
    void clientThatStopsReadingIsCutAndTheServiceLetGo() throws Exception {
        int port = startGateway(Map.of("response-stall-timeout", "300ms"));
        try (RawHttp reader = RawHttp.connect(null, port, 4096)) {
            reader.send("GET /auth/big HTTP/1.1\r\nHost: x\r\n\r\n");
            // Reads nothing: once the socket buffers are full the gateway must give up on it.
            bigResponseAborted.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void serverSentEventsStreamThroughWithoutBuffering() throws Exception {
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url("/auth/stream")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("data: first", reader.readLine());
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(firstMillis < 1400, "first event arrived only after " + firstMillis + " ms");
            reader.readLine();
            assertEquals("data: second", reader.readLine());
        }
    }

    private RawHttp.Response get(String target) throws IOException {
        return get(target, "");
    }

    private RawHttp.Response get(String target, String extraHeaders) throws IOException {
        return RawHttp.exchange(gatewayPort, "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders
                + "Connection: close\r\n\r\n");
    }

    private static void assertProblem(RawHttp.Response response, int status, String code, String what)
            throws IOException {
        assertEquals(status, response.status(), what + ": " + response.body());
        assertEquals("application/problem+json", response.header("Content-Type"), what);
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(code, problem.path("code").asText(), what + ": " + response.body());
        assertEquals(status, problem.path("status").asInt(), what);
        assertEquals("https://persona.dev/problems/" + code, problem.path("type").asText(), what);
        assertFalse(problem.path("title").asText().isEmpty(), what);
    }

    /** Waits for a state of the gateway that has no event to wait on (a connection's close being processed). */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in 5 s");
            Thread.sleep(10);
        }
    }

    private String url(String path) {
        return "http://localhost:" + gatewayPort + path;
    }
}
