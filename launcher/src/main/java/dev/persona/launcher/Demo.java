package dev.persona.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Uploads the sample persona under {@code samples/} through the public API, prints each job's stages as the
 * pipeline reports them (server-sent events), then asks the persona the sample questions.
 */
final class Demo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "demo@persona.local";
    private static final String PASSWORD = "maya-sails-at-dawn-1987";

    private final String baseUrl;
    private final Path samples;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    Demo(String baseUrl, Path samples, PrintStream out) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.samples = samples;
        this.out = out;
    }

    int run() throws IOException, InterruptedException {
        JsonNode persona = JSON.readTree(samples.resolve("persona.json").toFile());
        signupAndLogin();
        String personaId = createPersona(persona);
        out.println("Persona " + persona.path("name").asText() + " (" + personaId + ")");

        List<String[]> jobs = new ArrayList<>();
        jobs.addAll(upload(personaId, "recordings", "recordingId"));
        jobs.addAll(upload(personaId, "documents", "documentId"));
        boolean allReady = true;
        for (String[] job : jobs) {
            allReady &= follow(personaId, job[0], job[1]);
        }
        for (String question : Files.readAllLines(samples.resolve("questions.txt"))) {
            if (!question.isBlank()) {
                ask(personaId, question.trim());
            }
        }
        return allReady ? 0 : 1;
    }

    private void signupAndLogin() throws IOException, InterruptedException {
        HttpResponse<String> signup = send(HttpRequest.newBuilder(uri("/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("email", EMAIL, "password", PASSWORD)))));
        if (signup.statusCode() != 201 && signup.statusCode() != 409) {
            throw new IllegalStateException("Signup failed: " + signup.statusCode() + " " + signup.body());
        }
        String form = "grant_type=password&username=" + URLEncoder.encode(EMAIL, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        expect(login, 200, "Login");
        token = JSON.readTree(login.body()).path("access_token").asText();
        out.println("Signed in as " + EMAIL);
    }

    private String createPersona(JsonNode persona) throws IOException, InterruptedException {
        HttpResponse<String> created = send(authed("/personas").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(persona))));
        expect(created, 201, "Creating the persona");
        return JSON.readTree(created.body()).path("id").asText();
    }

    private List<String[]> upload(String personaId, String kind, String idField) throws IOException, InterruptedException {
        List<String[]> jobs = new ArrayList<>();
        Path folder = samples.resolve(kind);
        if (!Files.isDirectory(folder)) {
            return jobs;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String boundary = "persona-" + UUID.randomUUID();
            HttpResponse<String> response = send(authed("/personas/" + personaId + "/" + kind)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file))));
            expect(response, 202, "Uploading " + file.getFileName());
            JsonNode body = JSON.readTree(response.body());
            out.printf("  uploaded %-28s %s %s, job %s%n", file.getFileName(), kind.substring(0, kind.length() - 1),
                    body.path(idField).asText(), body.path("jobId").asText());
            jobs.add(new String[] {file.getFileName().toString(), body.path("jobId").asText()});
        }
        return jobs;
    }

    /** Prints the job's stages from its event stream; true when it ends ready. */
    private boolean follow(String personaId, String name, String jobId) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> events = http.send(authed("/personas/" + personaId + "/jobs/" + jobId + "/events")
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(10)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (events.statusCode() != 200) {
            out.println("  " + name + ": cannot follow job (" + events.statusCode() + ")");
            return false;
        }
        String last = "";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                JsonNode job = JSON.readTree(line.substring(5).trim());
                String stage = job.path("stage").asText();
                if (!stage.equals(last)) {
                    out.printf("  %-28s %-12s %s%n", name, stage, job.hasNonNull("error") ? job.get("error").asText() : "");
                    last = stage;
                }
                if (stage.equals("ready") || stage.equals("failed")) {
                    break;
                }
            }
        }
        return last.equals("ready");
    }

    private void ask(String personaId, String question) throws IOException, InterruptedException {
        HttpResponse<String> response = send(authed("/personas/" + personaId + "/chat")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("message", question)))));
        out.println("\nQ: " + question);
        if (response.statusCode() != 200) {
            out.println("A: (" + response.statusCode() + ") " + response.body());
            return;
        }
        JsonNode answer = JSON.readTree(response.body());
        out.println("A: " + answer.path("answer").asText());
        for (JsonNode citation : answer.path("citations")) {
            out.printf("   [%s %s%s]%n", citation.path("kind").asText(), citation.path("sourceName").asText(),
                    citation.hasNonNull("startSec") ? String.format(" %.1f-%.1fs", citation.get("startSec").asDouble(),
                            citation.path("endSec").asDouble()) : citation.hasNonNull("page") ? " p." + citation.get("page").asInt() : "");
        }
    }

    private static byte[] multipart(String boundary, Path file) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private HttpRequest.Builder authed(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(2));
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " failed: " + response.statusCode() + " " + response.body());
        }
    }
}
