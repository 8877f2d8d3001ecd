package dev.persona.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.persona.chat.service.retrieval.PersonaIndexRegistry;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an attacker can send through the gateway: multipart bodies without a token, bodies the server should never
 * read, conversations of any length. Each must get a problem+json answer and leave nothing behind.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class HostileRequestTest {
    /** The running application's port, as Quarkus set it for RestAssured (the test port may be 0: any free port). */
    private static int port() {
        return io.restassured.RestAssured.port;
    }
    private static final String V1 = "/v1/chat/completions";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @Inject
    PersonaIndexRegistry indexes;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDirectory;

    @BeforeEach
    void persona() throws Exception {
        SamplePersona.ensure(mongo.getDatabase(database), json, bootstrap);
    }

    // --- Multipart: never stored, 401 before any byte of the body, 415 when authenticated ---------------------

    @Test
    void unauthenticatedMultipartIs401AndLeavesNoFileAnywhere() throws IOException {
        Set<String> before = filesWhereUploadsCouldLand();
        for (String path : List.of(V1, "/personas/" + SamplePersona.personaId + "/chat",
                "/personas/" + SamplePersona.personaId + "/chat/stream")) {
            given().multiPart("file", "payload.bin", new byte[256 * 1024], "application/octet-stream")
                    .multiPart("model", SamplePersona.personaId).post(path)
                    .then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"));
        }
        assertEquals(before, filesWhereUploadsCouldLand());
    }

    @Test
    void authenticatedMultipartIs415AndLeavesNoFileAnywhere() throws IOException {
        Set<String> before = filesWhereUploadsCouldLand();
        for (String path : List.of(V1, "/personas/" + SamplePersona.personaId + "/chat",
                "/personas/" + SamplePersona.personaId + "/chat/stream")) {
            given().auth().oauth2(SamplePersona.token)
                    .multiPart("file", "payload.bin", new byte[256 * 1024], "application/octet-stream")
                    .multiPart("model", SamplePersona.personaId).post(path)
                    .then().statusCode(415).contentType(PROBLEM).body("code", equalTo("unsupported-media-type"));
        }
        given().auth().oauth2(SamplePersona.token).contentType(ContentType.URLENC).formParam("model", "x").post(V1)
                .then().statusCode(415).contentType(PROBLEM).body("code", equalTo("unsupported-media-type"));
        assertEquals(before, filesWhereUploadsCouldLand());
    }

    @Test
    void forgedOrExpiredTokensAre401Problems() {
        for (String token : List.of("not.a.jwt", TestTokens.expired(SamplePersona.ownerId))) {
            for (String path : List.of(V1, "/personas/" + SamplePersona.personaId + "/chat")) {
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Map.of("model", SamplePersona.personaId, "message", "Hi",
                                "messages", List.of(Map.of("role", "user", "content", "Hi"))))
                        .post(path).then().statusCode(401).contentType(PROBLEM).body("code", equalTo("unauthorized"))
                        .header("WWW-Authenticate", "Bearer");
            }
        }
    }

    @Test
    void unauthenticatedRequestIsAnsweredBeforeItsBodyIsSent() throws IOException {
        for (String path : List.of(V1, "/personas/" + SamplePersona.personaId + "/chat")) {
            String head = headersOnly(path, null, "multipart/form-data; boundary=x", 400_000);
            assertTrue(head.startsWith("HTTP/1.1 401"), path + " -> " + head);
            assertTrue(head.toLowerCase().contains(PROBLEM), head);
            head = headersOnly(path, null, "application/json", 400_000);
            assertTrue(head.startsWith("HTTP/1.1 401"), path + " -> " + head);
        }
    }

    @Test
    void multipartIsRefusedBeforeItsBodyIsSent() throws IOException {
        String head = headersOnly(V1, SamplePersona.token, "multipart/form-data; boundary=x", 400_000);
        assertTrue(head.startsWith("HTTP/1.1 415"), head);
    }

    // --- Sizes: the whole conversation is bounded, and every 413 is problem+json ------------------------------

    @Test
    void conversationWithTooManyMessagesIs413NamingTheBound() {
        List<Map<String, String>> messages = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            messages.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", "Hi " + i));
        }
        v1(messages).statusCode(413).contentType(PROBLEM).body("code", equalTo("payload-too-large"))
                .body("detail", containsString("200 messages"));
    }

    @Test
    void conversationOverTheCharacterBoundIs413NamingTheBound() {
        List<Map<String, String>> messages = new ArrayList<>();
        String turn = "I remember it well. ".repeat(75);
        for (int i = 0; i < 140; i++) {
            messages.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", turn));
        }
        messages.add(Map.of("role", "user", "content", "Where did you grow up?"));
        v1(messages).statusCode(413).contentType(PROBLEM).body("code", equalTo("payload-too-large"))
                .body("detail", containsString("200000 characters"));
    }

    @Test
    void earlierTurnsWithinTheBoundsAreAccepted() {
        List<Map<String, String>> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", "Turn " + i + " ".repeat(500)));
        }
        messages.add(Map.of("role", "user", "content", "Where did you grow up?"));
        v1(messages).statusCode(200).body("choices[0].message.content", containsString("Madurai"));
    }

    @Test
    void bodiesOverTheHttpLimitAre413ProblemsWithOrWithoutContentLength() throws Exception {
        String huge = hugeConversation();
        given().auth().oauth2(SamplePersona.token).contentType(ContentType.JSON).body(huge).post(V1)
                .then().statusCode(413).contentType(PROBLEM).body("code", equalTo("payload-too-large"));
        given().auth().oauth2(SamplePersona.token).contentType(ContentType.JSON)
                .body("{\"message\":\"" + "x".repeat(1_600_000) + "\"}")
                .post("/personas/{id}/chat", SamplePersona.personaId)
                .then().statusCode(413).contentType(PROBLEM).body("code", equalTo("payload-too-large"));

        for (String path : List.of(V1, "/personas/" + SamplePersona.personaId + "/chat")) {
            HttpResponse<String> chunked = chunkedPost(path, huge.getBytes(StandardCharsets.UTF_8));
            assertEquals(413, chunked.statusCode(), path + " -> " + chunked.body());
            assertTrue(chunked.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM), chunked.headers().toString());
            assertTrue(chunked.body().contains("payload-too-large"), chunked.body());
        }
    }

    // --- Memory: an evicted persona index is rebuilt from MongoDB on the next question -----------------------

    @Test
    void questionAfterEvictionIsAnsweredFromAReload() {
        indexes.evict(SamplePersona.ownerId, SamplePersona.personaId);
        ChatApiTest.chat(SamplePersona.token, SamplePersona.personaId, "How do you make your sambar?")
                .statusCode(200).body("answer", containsString("coriander"))
                .body("citations[0].sourceId", equalTo(PersonaCorpus.COOKING.id()));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private ValidatableResponse v1(List<Map<String, String>> messages) {
        return given().auth().oauth2(SamplePersona.token).contentType(ContentType.JSON)
                .body(Map.of("model", SamplePersona.personaId, "messages", messages)).post(V1).then();
    }

    /** 1.6 MB of earlier turns, as the attacker sent. */
    private String hugeConversation() throws IOException {
        List<Map<String, String>> messages = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            messages.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", "z".repeat(20_000)));
        }
        messages.add(Map.of("role", "user", "content", "Where did you grow up?"));
        return json.writeValueAsString(Map.of("model", SamplePersona.personaId, "messages", messages));
    }

    private static HttpResponse<String> chunkedPost(String path, byte[] body) throws Exception {
        // An input stream publisher has no known length, so the client sends Transfer-Encoding: chunked.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
                .header("Authorization", "Bearer " + SamplePersona.token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(path + ": the server closed the connection without a problem response", e);
        }
    }

    /**
     * Sends only the request head, announcing a body that never comes, and reads what the server answers within a
     * few seconds: a server that waits for the body before checking the token (or the content type) times out.
     */
    private static String headersOnly(String path, String token, String contentType, int contentLength)
            throws IOException {
        try (Socket socket = new Socket("localhost", port())) {
            socket.setSoTimeout(5_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + contentLength + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder response = new StringBuilder();
            try {
                int b;
                while ((b = in.read()) != -1) {
                    response.append((char) b);
                    if (response.indexOf("\r\n\r\n") >= 0) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                return "no answer within 5 s (the server waited for the body): " + response;
            }
            return response.toString();
        }
    }

    /**
     * Everything under the working directory (without build output) and both upload directories: Vert.x's default
     * {@code file-uploads} and the configured one.
     */
    private Set<String> filesWhereUploadsCouldLand() throws IOException {
        Set<String> files = new TreeSet<>();
        Path cwd = Path.of("").toAbsolutePath();
        try (Stream<Path> top = Files.list(cwd)) {
            top.filter(p -> !p.getFileName().toString().equals("target")).forEach(p -> files.add(p.toString()));
        }
        for (Path dir : List.of(cwd.resolve("file-uploads"), Path.of(uploadsDirectory))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(p -> files.add(p.toString()));
                }
            }
        }
        return files;
    }
}
