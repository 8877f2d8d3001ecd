package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.infra.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Gateway.ServiceState> states = new ConcurrentHashMap<>();
    private Vertx vertx;
    private Gateway gateway;
    private int gatewayPort;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        int authPort = FreePort.find();
        HttpServer auth = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/auth/stream")) {
                // Two server-sent events with a pause: the second must not be needed to see the first.
                req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                req.response().write("data: first\n\n");
                vertx.setTimer(1500, t -> req.response().end("data: second\n\n"));
                return;
            }
            req.body().onSuccess(body -> req.response().putHeader("Content-Type", "text/plain")
                    .end(req.method() + " " + req.uri() + " from " + req.getHeader("X-Forwarded-For") + " body="
                            + body.length()));
        });
        auth.listen(authPort).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        gatewayPort = FreePort.find();
        states.put("auth-service", Gateway.ServiceState.READY);
        states.put("ingest-service", Gateway.ServiceState.NOT_BUILT);
        gateway = new Gateway(gatewayPort, List.of(new ServiceSpec("auth-service", authPort, "64m"),
                new ServiceSpec("ingest-service", FreePort.find(), "64m")), states::get);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
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
    void serviceThatIsNotRunningAnswers503ProblemJson() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/personas"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"code\":\"service-unavailable\""), response.body());
        assertTrue(response.body().contains("not built"), response.body());
    }

    @Test
    void unknownPathIs404ProblemJson() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/nothing"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"not-found\""), response.body());
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

    @Test
    void overviewListsServiceStates() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"auth-service\":\"ready\""), response.body());
        assertTrue(response.body().contains("\"ingest-service\":\"not_built\""), response.body());
    }

    private String url(String path) {
        return "http://localhost:" + gatewayPort + path;
    }
}
