package dev.persona.chat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stands in for transcribe-service's {@code POST /transcriptions} in chat-service's own tests (the end-to-end tests
 * run the real one): answers what it was told to and remembers what it got. The test profile (another class loader)
 * starts it, so tests steer it over HTTP: {@code POST /control/next} with {@code status\ncontent-type\nbody} sets the
 * next answers, {@code POST /control/delay} with milliseconds makes it answer that much later, {@code GET /control/last}
 * gives {@code content-type\nauthorization\nsha256 of the body}, {@code GET /control/count} how many it got.
 */
public final class FakeTranscribeServer {
    private static FakeTranscribeServer instance;

    private final HttpServer server;
    private volatile String[] next = {"503", "application/problem+json", "{}"};
    private volatile String last = "";
    private volatile long delayMillis;
    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

    private FakeTranscribeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        // Answers on threads of its own, so a delayed answer does not hold up the control routes.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/transcriptions", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            last = exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\n" + sha256(body);
            count.incrementAndGet();
            String[] reply = next;
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Content-Type", reply[1]);
            send(exchange, Integer.parseInt(reply[0]), reply[2]);
        });
        server.createContext("/control/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/next")) {
                next = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("\n", 3);
                send(exchange, 200, "");
            } else if (path.endsWith("/delay")) {
                delayMillis = Long.parseLong(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                send(exchange, 200, "");
            } else if (path.endsWith("/count")) {
                send(exchange, 200, Integer.toString(count.get()));
            } else {
                send(exchange, 200, last);
            }
        });
        server.start();
    }

    public static synchronized FakeTranscribeServer get() {
        if (instance == null) {
            try {
                instance = new FakeTranscribeServer();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
