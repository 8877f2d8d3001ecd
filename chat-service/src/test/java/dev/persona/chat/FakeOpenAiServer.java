package dev.persona.chat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a paid LLM API (the only mocked boundary): an OpenAI-compatible {@code /v1/chat/completions} that
 * records the prompts it gets and answers with a fixed text, plain or streamed, or fails with 503 when told to.
 * The test profile (another class loader) starts it, so tests steer it over HTTP: {@code GET /control/requests}
 * (count), {@code GET /control/request/N} (body), {@code POST /control/fail} and {@code /control/ok}.
 */
public final class FakeOpenAiServer {
    public static final String ANSWER = "Madurai is home for me, I grew up near the temple.";
    private static FakeOpenAiServer instance;

    public final List<String> requests = new CopyOnWriteArrayList<>();
    public volatile boolean failing;
    private final HttpServer server;

    private FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(body);
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            boolean stream = body.replace(" ", "").contains("\"stream\":true");
            String payload;
            if (stream) {
                StringBuilder sse = new StringBuilder();
                for (String piece : ANSWER.split("(?<= )")) {
                    sse.append("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(piece)
                            .append("\"},\"finish_reason\":null}]}\n\n");
                }
                sse.append("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
                payload = sse.toString();
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            } else {
                payload = "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/control/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String reply = "";
            if (path.endsWith("/fail")) {
                failing = true;
            } else if (path.endsWith("/ok")) {
                failing = false;
            } else if (path.endsWith("/requests")) {
                reply = Integer.toString(requests.size());
            } else if (path.contains("/request/")) {
                reply = requests.get(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public static synchronized FakeOpenAiServer get() {
        if (instance == null) {
            try {
                instance = new FakeOpenAiServer();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort() + "/v1";
    }
}
