package dev.persona.bench.grounding.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One owner talking to the public HTTP API through the gateway, as any client would. */
public final class PersonaApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer waits mean the daily quota: better to stop and say so than to sleep for hours. */
    private static final long LONGEST_RATE_LIMIT_WAIT_SECONDS = 90;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String email;
    private final String password;
    private volatile String token;

    private PersonaApi(String baseUrl, String email, String password) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.email = email;
        this.password = password;
    }

    /** Signs the owner up (an existing account with this e-mail is fine) and logs in. */
    public static PersonaApi owner(String baseUrl, String email, String password) {
        PersonaApi api = new PersonaApi(baseUrl, email, password);
        HttpResponse<String> signup = api.send(HttpRequest.newBuilder(api.uri("/auth/signup"))
                .header("Content-Type", "application/json").POST(json(Map.of("email", email, "password", password))));
        if (signup.statusCode() != 201 && signup.statusCode() != 409) {
            throw failure("Signing up " + email, signup);
        }
        api.login();
        return api;
    }

    public String email() {
        return email;
    }

    public String password() {
        return password;
    }

    private void login() {
        String form = "grant_type=password&username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        token = body(expect(response, 200, "Logging in")).path("access_token").asText();
    }

    public String createPersona(String name, String description) {
        HttpResponse<String> response = authed(() -> HttpRequest.newBuilder(uri("/personas"))
                .header("Content-Type", "application/json")
                .POST(json(Map.of("name", name, "description", description, "language", "en"))));
        return body(expect(response, 201, "Creating persona " + name)).path("id").asText();
    }

    public boolean personaExists(String personaId) {
        return authed(() -> HttpRequest.newBuilder(uri("/personas/" + personaId)).GET()).statusCode() == 200;
    }

    /** @param kind "recordings" or "documents" */
    public Uploaded upload(String personaId, String kind, Path file, String fileName) {
        String boundary = "bench-" + UUID.randomUUID();
        byte[] body = multipart(boundary, file, fileName);
        HttpResponse<String> response = authed(() -> HttpRequest.newBuilder(uri("/personas/" + personaId + "/" + kind))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        JsonNode accepted = body(expect(response, 202, "Uploading " + fileName));
        String id = accepted.path("recordings".equals(kind) ? "recordingId" : "documentId").asText();
        return new Uploaded(id, accepted.path("jobId").asText());
    }

    public JsonNode job(String personaId, String jobId) {
        return body(expect(authed(() -> HttpRequest.newBuilder(uri("/personas/" + personaId + "/jobs/" + jobId)).GET()),
                200, "Reading job " + jobId));
    }

    /** The transcript's segments joined, or empty while there is none (404). */
    public Optional<String> transcriptText(String personaId, String recordingId) {
        HttpResponse<String> response = authed(() -> HttpRequest.newBuilder(
                uri("/personas/" + personaId + "/recordings/" + recordingId + "/transcript")).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        body(expect(response, 200, "Reading transcript " + recordingId)).path("segments")
                .forEach(s -> texts.add(s.path("text").asText()));
        return Optional.of(String.join(" ", texts));
    }

    /** Asks one question in a fresh session; waits out a short rate limit (429 with Retry-After). */
    public ChatReply chat(String personaId, String message) {
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            HttpResponse<String> response = authed(() -> HttpRequest.newBuilder(uri("/personas/" + personaId + "/chat"))
                    .header("Content-Type", "application/json").POST(json(Map.of("message", message))));
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (response.statusCode() == 429 && attempt <= 5) {
                waitOutRateLimit(response);
                continue;
            }
            JsonNode reply = body(expect(response, 200, "Asking '" + message + "'"));
            List<CitationView> citations = new ArrayList<>();
            for (JsonNode c : reply.path("citations")) {
                citations.add(JSON.convertValue(c, CitationView.class));
            }
            boolean refused = citations.isEmpty() || reply.path("refused").asBoolean(false);
            return new ChatReply(reply.path("answer").asText(""), citations, refused, millis);
        }
    }

    /** A question asked by voice: {@code audio} as the multipart file part 'audio'; the reply and the client's time. */
    public Timed<JsonNode> voiceChat(String personaId, byte[] audio, String fileName, String contentType) {
        String boundary = "bench-" + UUID.randomUUID();
        byte[] body = multipart(boundary, "audio", fileName, contentType, audio);
        long started = System.nanoTime();
        HttpResponse<String> response = authed(() -> HttpRequest.newBuilder(uri("/personas/" + personaId + "/voice-chat"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Timed<>(body(expect(response, 200, "Asking by voice (" + fileName + ")")), millis);
    }

    /** A reply and how long the client waited for it, in milliseconds. */
    public record Timed<T>(T value, long millis) {
    }

    /** One chat as it came back (nothing waited out or thrown for its status), for the load bench. */
    public record ChatAttempt(int status, String sessionId, long serverMillis) {
    }

    /**
     * Sends one question, in {@code sessionId} (null opens a new session); an I/O failure or a timeout after
     * {@code timeout} is thrown as it is.
     */
    public ChatAttempt chatOnce(String personaId, String message, String sessionId, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, String> body = sessionId == null ? Map.of("message", message)
                : Map.of("message", message, "sessionId", sessionId);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/personas/" + personaId + "/chat"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(timeout).POST(json(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            login(); // a token that expired during a long run; the attempt still counts as the 401 it was
        }
        if (response.statusCode() != 200) {
            return new ChatAttempt(response.statusCode(), sessionId, -1);
        }
        JsonNode reply = body(response);
        return new ChatAttempt(200, reply.path("sessionId").asText(sessionId),
                reply.path("timings").path("totalMs").asLong(-1));
    }

    private static void waitOutRateLimit(HttpResponse<String> response) {
        long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(5L);
        if (seconds > LONGEST_RATE_LIMIT_WAIT_SECONDS) {
            throw new ApiException("Chat quota exhausted (retry in " + seconds + " s). Start the system with higher "
                    + "limits: PERSONA_CHAT_LIMITS_PER_WINDOW=100000 PERSONA_CHAT_LIMITS_PER_DAY=100000", 429);
        }
        System.out.printf("  rate limited; waiting %d s%n", seconds);
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted while rate limited", 429);
        }
    }

    /** Sends with the access token; on 401 (an expired token in a long run) logs in again and retries once. */
    private HttpResponse<String> authed(java.util.function.Supplier<HttpRequest.Builder> request) {
        HttpResponse<String> response = send(request.get().header("Authorization", "Bearer " + token));
        if (response.statusCode() == 401) {
            login();
            response = send(request.get().header("Authorization", "Bearer " + token));
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        if (built.timeout().isEmpty()) {
            built = HttpRequest.newBuilder(built, (k, v) -> true).timeout(Duration.ofMinutes(2)).build();
        }
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted: " + built.uri(), 0);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static HttpRequest.BodyPublisher json(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw failure(what, response);
        }
        return response;
    }

    private static ApiException failure(String what, HttpResponse<String> response) {
        return new ApiException(what + " failed: " + response.statusCode() + " " + response.body(),
                response.statusCode());
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + response.body(), e);
        }
    }

    private static byte[] multipart(String boundary, Path file, String fileName) {
        try {
            return multipart(boundary, "file", fileName, "application/octet-stream", Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static byte[] multipart(String boundary, String field, String fileName, String contentType, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
