package dev.persona.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.persona.chat.service.voice.OfflineVoice;
import dev.persona.chat.service.voice.VoiceProfile;
import dev.persona.chat.service.voice.VoiceReference;
import dev.persona.chat.service.voice.WavCodec;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.speech.Transcription;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /personas/{id}/voice-chat} through the HTTP API on the real Mongo-wire server, with transcribe-service
 * stood in for by {@link FakeTranscribeServer} (e2e-tests run the real one): the question's audio goes to it
 * untouched with the user's token, its transcription is answered from the persona's own words, the answer's audio
 * is ready, and its refusals and failures reach the user as problems.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeTranscribeResource.class, restrictToAnnotatedClass = false)
class VoiceChatApiTest {
    private static final String PROBLEM = "application/problem+json";

    static String owner;
    static String token;
    static String persona;

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @ConfigProperty(name = "persona.chat.voice-chat.transcribe-url")
    String transcriber;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void persona() {
        if (owner != null) {
            return;
        }
        MongoDatabase db = mongo.getDatabase(database);
        owner = "owner-" + UUID.randomUUID();
        token = TestTokens.forOwner(owner);
        persona = UUID.randomUUID().toString();
        PersonaCorpus.insertPersona(db, owner, persona, PersonaCorpus.NAME);
        PersonaCorpus.insertChunks(db, owner, persona, PersonaCorpus.COOKING, PersonaCorpus.MODEL_ID);
        PersonaCorpus.insertChunks(db, owner, persona, PersonaCorpus.CHILDHOOD, PersonaCorpus.MODEL_ID);
    }

    @Test
    void aQuestionAskedByVoiceIsAnsweredFromThePersonasOwnWordsWithItsAudioReady() throws Exception {
        transcribesAs("How do you make your sambar?");
        byte[] audio = spoken("How do you make your sambar?");

        JsonPath answer = given().auth().oauth2(token).contentType("audio/wav").body(audio)
                .post("/personas/{id}/voice-chat", persona).then().statusCode(200).extract().jsonPath();

        assertEquals("How do you make your sambar?", answer.getString("transcription"));
        assertEquals(6, answer.getList("words").size());
        List<Map<String, Object>> citations = answer.getList("citations");
        assertFalse(citations.isEmpty(), answer.prettify());
        assertEquals("rec-cooking", citations.get(0).get("sourceId"), answer.prettify());
        assertFalse(answer.getBoolean("refused"));
        assertTrue(answer.getString("answer").toLowerCase().contains("sambar"), answer.getString("answer"));
        for (String step : List.of("decode_ms", "vad_ms", "transcribe_ms", "retrieve_ms", "generate_ms", "tts_ms",
                "total_ms")) {
            assertTrue(answer.getLong("timings." + step) >= 0, step + " in " + answer.prettify());
        }
        assertEquals(12, answer.getLong("timings.transcribe_ms"));
        assertTrue(answer.getLong("timings.total_ms") >= answer.getLong("timings.tts_ms"));

        // The audio went to the transcriber exactly as sent, with the user's own token.
        String[] got = last();
        assertTrue(got[0].startsWith("audio/wav"), got[0]);
        assertEquals("Bearer " + token, got[1]);
        assertEquals(FakeTranscribeServer.sha256(audio), got[2]);

        byte[] wav = given().auth().oauth2(token).get(answer.getString("audioUrl")).then().statusCode(200)
                .contentType("audio/wav").extract().asByteArray();
        assertTrue(WavCodec.read(wav).durationSec() > 1, "the spoken answer has audio");
    }

    @Test
    void aMultipartQuestionGoesOnAsTheSameFormAndContinuesItsSession() throws Exception {
        transcribesAs("Where did you grow up?");
        JsonPath first = given().auth().oauth2(token).multiPart("audio", "q.wav", spoken("Where did you grow up?"),
                "audio/wav").post("/personas/{id}/voice-chat", persona).then().statusCode(200).extract().jsonPath();
        assertTrue(last()[0].startsWith("multipart/form-data; boundary="), last()[0]);
        assertTrue(first.getString("answer").contains("Madurai"), first.prettify());

        transcribesAs("How do you make your sambar?");
        String session = first.getString("sessionId");
        JsonPath second = given().auth().oauth2(token).queryParam("sessionId", session)
                .multiPart("audio", "q.wav", spoken("How do you make your sambar?"), "audio/wav")
                .post("/personas/{id}/voice-chat", persona).then().statusCode(200).extract().jsonPath();
        assertEquals(session, second.getString("sessionId"));
        given().auth().oauth2(token).queryParam("sessionId", session).get("/personas/{id}/history", persona).then()
                .statusCode(200).body("messages.size()", equalTo(4))
                .body("messages[0].content", equalTo("Where did you grow up?"));
    }

    @Test
    void theTranscribersRefusalOfTheAudioReachesTheUserUnchanged() throws Exception {
        tell("422\napplication/problem+json\n{\"status\":422,\"code\":\"no-speech\",\"title\":\"No speech\","
                + "\"detail\":\"The 3.0 s of audio are silence or noise throughout.\"}");
        given().auth().oauth2(token).contentType("audio/wav").body(spoken("hello"))
                .post("/personas/{id}/voice-chat", persona).then().statusCode(422).contentType(PROBLEM)
                .body("code", equalTo("no-speech")).body("detail", containsString("silence"));
    }

    @Test
    void whenTheTranscriberFailsTheUserGets503AndMayAskAgain() throws Exception {
        tell("500\ntext/plain\nboom");
        given().auth().oauth2(token).contentType("audio/wav").body(spoken("hello"))
                .post("/personas/{id}/voice-chat", persona).then().statusCode(503).contentType(PROBLEM)
                .body("code", equalTo("service-unavailable")).header("Retry-After", equalTo("5"));
    }

    @Test
    void voiceQuestionsBeyondTheInstancesCapAre503AtOnceAndTheOneInFlightIsAnswered() throws Exception {
        transcribesAs("How do you make your sambar?");
        control("delay", "3000");
        try {
            int before = Integer.parseInt(String.join("", control("count", null)));
            var first = http.sendAsync(HttpRequest.newBuilder(URI.create(io.restassured.RestAssured.baseURI + ":"
                            + io.restassured.RestAssured.port + "/personas/" + persona + "/voice-chat"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "audio/wav")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(spoken("sambar"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> Integer.parseInt(String.join("", control("count", null))) > before);
            // The cap (1 in these tests, FakeTranscribeResource) is held by the first question while it is transcribed.
            given().auth().oauth2(token).contentType("audio/wav").body(spoken("sambar"))
                    .post("/personas/{id}/voice-chat", persona).then().statusCode(503).contentType(PROBLEM)
                    .body("code", equalTo("service-unavailable")).header("Retry-After", equalTo("1"));
            assertEquals(200, first.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        } finally {
            control("delay", "0");
        }
        given().auth().oauth2(token).contentType("audio/wav").body(spoken("sambar"))
                .post("/personas/{id}/voice-chat", persona).then().statusCode(200);
    }

    @Test
    void anotherOwnersPersonaIsNotFoundAndItsAudioIsNeverSent() throws Exception {
        transcribesAs("How do you make your sambar?");
        String before = String.join("\n", last());
        given().auth().oauth2(TestTokens.forOwner("someone-else")).contentType("audio/wav").body(spoken("sambar"))
                .post("/personas/{id}/voice-chat", persona).then().statusCode(404).contentType(PROBLEM);
        assertEquals(before, String.join("\n", last()));
    }

    @Test
    void audioOverTheLimitIs413AndNoTokenIs401() throws Exception {
        // Declared over the 10 MiB limit: refused before a byte of the body is read.
        try (Socket socket = new Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /personas/" + persona + "/voice-chat HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: audio/wav\r\nContent-Length: "
                    + (10 * 1024 * 1024 + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413") && response.contains("payload-too-large"), response);
        }
        given().contentType("audio/wav").body(new byte[100]).post("/personas/{id}/voice-chat", persona).then()
                .statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(token).contentType("audio/wav").body(new byte[0])
                .post("/personas/{id}/voice-chat", persona).then().statusCode(400).body("code", equalTo("empty-file"));
    }

    @Test
    void jsonRoutesKeepTheirOwnSmallerLimit() {
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"message\":\"" + "x".repeat(2_000_000) + "\"}")
                .post("/personas/{id}/chat", persona).then().statusCode(413).contentType(PROBLEM)
                .body("code", equalTo("payload-too-large"));
    }

    private void transcribesAs(String text) throws Exception {
        String[] words = text.replaceAll("[?.!,]", "").split(" ");
        List<SpokenWord> timed = new java.util.ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            timed.add(new SpokenWord(words[i].toLowerCase(), 0.2 + 0.3 * i, 0.45 + 0.3 * i));
        }
        Transcription t = new Transcription(text, "en", "fake", 2.5, 2.0, timed, new Transcription.Timings(3, 1, 12));
        tell("200\napplication/json\n" + json.writeValueAsString(t));
    }

    private void tell(String reply) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(transcriber + "/control/next"))
                .POST(HttpRequest.BodyPublishers.ofString(reply)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private String[] control(String what, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(transcriber + "/control/" + what));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return new String[] {http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body()};
    }

    private String[] last() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(transcriber + "/control/last")).build(),
                HttpResponse.BodyHandlers.ofString()).body().split("\n", 3);
    }

    private static byte[] spoken(String text) {
        return WavCodec.write(new OfflineVoice().speak(text,
                new VoiceReference("q", new VoiceProfile(120, 150, 0, 0, true), List.of())));
    }
}
