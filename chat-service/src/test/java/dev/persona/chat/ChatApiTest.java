package dev.persona.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.persona.chat.service.generation.ExtractiveComposer;
import dev.persona.chat.service.history.HistoryRetentionJob;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class ChatApiTest {
    private static final Pattern FIRST_PERSON = Pattern.compile("\\b(I|I'm|I've|my|me)\\b");

    static String ownerA;
    static String personaA;
    static String tokenA;

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @Inject
    HistoryRetentionJob retention;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @BeforeEach
    void persona() throws Exception {
        SamplePersona.ensure(mongo.getDatabase(database), json, bootstrap);
        ownerA = SamplePersona.ownerId;
        personaA = SamplePersona.personaId;
        tokenA = SamplePersona.token;
    }

    static ValidatableResponse chat(String token, String persona, String message) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("message", message)).post("/personas/{id}/chat", persona).then();
    }

    private static void assertAnswerFrom(String question, PersonaCorpus.Source source, String... keyWords) {
        JsonPath body = chat(tokenA, personaA, question).statusCode(200).extract().jsonPath();
        String answer = body.getString("answer");
        List<String> cited = body.getList("citations.sourceId");
        assertTrue(cited.subList(0, Math.min(3, cited.size())).contains(source.id()),
                () -> question + " should cite " + source.id() + " in the top 3, cited " + cited);
        for (String word : keyWords) {
            assertTrue(answer.toLowerCase().contains(word.toLowerCase()),
                    () -> question + " -> answer lacks '" + word + "': " + answer);
        }
        assertTrue(FIRST_PERSON.matcher(answer).find(), () -> "not first person: " + answer);
        assertFalse(answer.contains("[1]") || answer.contains(source.id()) || answer.startsWith("-"), answer);
    }

    @Test
    void answersComeFromTheRightRecordingInFirstPerson() {
        assertAnswerFrom("Where did you grow up?", PersonaCorpus.CHILDHOOD, "Madurai");
        assertAnswerFrom("How do you make your sambar?", PersonaCorpus.COOKING, "sambar", "coriander");
        assertAnswerFrom("What do you do for a living?", PersonaCorpus.WORK, "software engineer");
        assertAnswerFrom("Do you play any musical instrument?", PersonaCorpus.MUSIC, "veena");
    }

    @Test
    void thirdPersonDocumentIsRetoldInFirstPerson() {
        JsonPath body = chat(tokenA, personaA, "Have you ever run a marathon?").statusCode(200).extract().jsonPath();
        String answer = body.getString("answer");
        assertTrue(answer.contains("I completed the Chennai Marathon"), answer);
        assertFalse(answer.contains("Priya"), answer);
        assertFalse(answer.matches("(?s).*\\b[Ss]he\\b.*"), answer);
        Map<String, Object> doc = body.<Map<String, Object>>getList("citations").stream()
                .filter(c -> PersonaCorpus.BIO.id().equals(c.get("sourceId"))).findFirst().orElseThrow();
        assertEquals("document", doc.get("kind"));
        assertEquals(1, doc.get("page"));
        assertFalse(doc.containsKey("startSec"));
    }

    @Test
    void citationsOfRecordingsCarryTimesAndScores() {
        chat(tokenA, personaA, "How do you make your sambar?").statusCode(200)
                .body("citations[0].sourceId", equalTo(PersonaCorpus.COOKING.id()))
                .body("citations[0].kind", equalTo("recording"))
                .body("citations[0].sourceName", equalTo("sunday-cooking.m4a"))
                .body("citations[0].startSec", notNullValue()).body("citations[0].endSec", notNullValue())
                .body("citations[0].text", notNullValue()).body("citations[0].score", notNullValue())
                .body("timings.totalMs", notNullValue()).body("sessionId", notNullValue());
    }

    @Test
    void outOfCorpusQuestionsAreRefusedWithoutCitations() {
        for (String question : List.of("What is your opinion on quantum chromodynamics?",
                "Which football club do you support in the Premier League?",
                "Do you collect vintage typewriters?")) {
            chat(tokenA, personaA, question).statusCode(200)
                    .body("answer", equalTo(ExtractiveComposer.NOTHING_RELEVANT)).body("citations", empty());
        }
    }

    @Test
    void historyIsKeptPerSessionAndCanBeDeleted() {
        String session = chat(tokenA, personaA, "Where did you grow up?").statusCode(200).extract().path("sessionId");
        given().auth().oauth2(tokenA).contentType(ContentType.JSON)
                .body(Map.of("message", "And what did your father do?", "sessionId", session))
                .post("/personas/{id}/chat", personaA).then().statusCode(200).body("sessionId", equalTo(session));

        given().auth().oauth2(tokenA).get("/personas/{id}/sessions", personaA).then().statusCode(200)
                .body("find { it.sessionId == '" + session + "' }.messageCount", equalTo(4));
        given().auth().oauth2(tokenA).queryParam("sessionId", session).get("/personas/{id}/history", personaA)
                .then().statusCode(200).body("messages", hasSize(4))
                .body("messages[0].role", equalTo("user")).body("messages[0].content", equalTo("Where did you grow up?"))
                .body("messages[1].role", equalTo("assistant"))
                .body("messages[1].citations[0].sourceId", notNullValue());

        given().auth().oauth2(tokenA).queryParam("sessionId", session).delete("/personas/{id}/history", personaA)
                .then().statusCode(204);
        given().auth().oauth2(tokenA).queryParam("sessionId", session).get("/personas/{id}/history", personaA)
                .then().statusCode(404).body("code", equalTo("not-found"));
        given().auth().oauth2(tokenA).contentType(ContentType.JSON)
                .body(Map.of("message", "Hello", "sessionId", session))
                .post("/personas/{id}/chat", personaA).then().statusCode(404);
    }

    @Test
    void anotherOwnerCannotReachThePersonaOrItsHistory() {
        String session = chat(tokenA, personaA, "What do you do for a living?").statusCode(200).extract().path("sessionId");
        String tokenB = TestTokens.forOwner("owner-" + UUID.randomUUID());
        assertPersonaNotFound(chat(tokenB, personaA, "Where did you grow up?"));
        assertPersonaNotFound(given().auth().oauth2(tokenB).contentType(ContentType.JSON)
                .body(Map.of("message", "Where did you grow up?")).post("/personas/{id}/chat/stream", personaA).then());
        assertPersonaNotFound(given().auth().oauth2(tokenB).get("/personas/{id}/sessions", personaA).then());
        assertPersonaNotFound(given().auth().oauth2(tokenB).get("/personas/{id}/history", personaA).then());
        assertPersonaNotFound(given().auth().oauth2(tokenB).queryParam("sessionId", session)
                .get("/personas/{id}/history", personaA).then());
        assertPersonaNotFound(given().auth().oauth2(tokenB).delete("/personas/{id}/history", personaA).then());
        assertPersonaNotFound(given().auth().oauth2(tokenB).get("/personas/{id}/style", personaA).then());
        assertPersonaNotFound(given().auth().oauth2(tokenB).contentType(ContentType.JSON)
                .body(Map.of("model", personaA, "messages", List.of(Map.of("role", "user", "content", "Hi there"))))
                .post("/v1/chat/completions").then());
        given().auth().oauth2(tokenB).get("/v1/models").then().statusCode(200).body("object", equalTo("list"))
                .body("data", empty());
        // A's history survived B's delete attempt.
        given().auth().oauth2(tokenA).queryParam("sessionId", session).get("/personas/{id}/history", personaA)
                .then().statusCode(200).body("messages", hasSize(2));
    }

    private static void assertPersonaNotFound(ValidatableResponse response) {
        response.statusCode(404).contentType("application/problem+json").body("code", equalTo("persona-not-found"));
    }

    @Test
    void badInputIsAProblemNotAnError() {
        problem(Map.of("message", "   "), 400, "validation-failed");
        problem(Map.of("message", "x".repeat(2001)), 400, "validation-failed");
        problem(Map.of("message", Map.of("$gt", "")), 400, "invalid-field");
        problem(Map.of("message", "Hello", "sessionId", Map.of("$ne", "")), 400, "invalid-field");
        problem(Map.of("message", "Hello", "sessionId", "{\"$ne\":1}"), 400, "invalid-field");
        given().auth().oauth2(tokenA).contentType(ContentType.JSON).body("{\"message\": ").post("/personas/{id}/chat", personaA)
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed-json"));
        given().contentType(ContentType.JSON).body(Map.of("message", "Hi")).post("/personas/{id}/chat", personaA)
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.expired(ownerA)).contentType(ContentType.JSON).body(Map.of("message", "Hi"))
                .post("/personas/{id}/chat", personaA).then().statusCode(401);
        given().auth().oauth2("not.a.jwt").get("/v1/models").then().statusCode(401);
        given().auth().oauth2(tokenA).contentType(ContentType.JSON)
                .body(Map.of("model", personaA, "messages", List.of(Map.of("role", "user", "content", Map.of("$gt", "")))))
                .post("/v1/chat/completions").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(Map.of("model", personaA, "messages", List.of(Map.of("role", "user", "content", "Hi"))))
                .post("/v1/chat/completions").then().statusCode(401).contentType("application/problem+json");
    }

    private static void problem(Object body, int status, String code) {
        given().auth().oauth2(tokenA).contentType(ContentType.JSON).body(body).post("/personas/{id}/chat", personaA)
                .then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    @Test
    void streamSendsTokensThenCitationsThenDone() throws Exception {
        String raw = given().auth().oauth2(tokenA).contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("message", "How do you make your sambar?")).post("/personas/{id}/chat/stream", personaA)
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
                .extract().asString();
        List<String[]> events = parseSse(raw);
        List<String> names = events.stream().map(e -> e[0]).toList();
        int citations = names.indexOf("citations");
        assertTrue(citations > 0 && names.subList(0, citations).stream().allMatch("token"::equals), names.toString());
        assertEquals("done", names.get(names.size() - 1));
        assertEquals(citations + 2, names.size());
        StringBuilder text = new StringBuilder();
        events.subList(0, citations).forEach(e -> text.append(e[1]));
        Map<?, ?> done = json.readValue(events.get(events.size() - 1)[1], Map.class);
        assertEquals(done.get("answer"), text.toString().strip());
        assertTrue(text.toString().toLowerCase().contains("sambar"), text.toString());
        List<?> cited = json.readValue(events.get(citations)[1], List.class);
        assertEquals(PersonaCorpus.COOKING.id(), ((Map<?, ?>) cited.get(0)).get("sourceId"));
    }

    /** Minimal SSE parsing: (event name, data) per event; data lines joined by newlines, per the SSE spec. */
    static List<String[]> parseSse(String raw) {
        List<String[]> events = new ArrayList<>();
        for (String block : raw.split("\n\n")) {
            String name = "message";
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null) {
                events.add(new String[] {name, data.toString()});
            }
        }
        return events;
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        String token = TestTokens.forOwner("owner-" + UUID.randomUUID());
        String missing = UUID.randomUUID().toString();
        for (int i = 0; i < 60; i++) {
            chat(token, missing, "Hello?").statusCode(404);
        }
        chat(token, missing, "Hello?").statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("rate-limited")).header("Retry-After", notNullValue());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("model", missing, "messages", List.of(Map.of("role", "user", "content", "Hi"))))
                .post("/v1/chat/completions").then().statusCode(429).header("Retry-After", notNullValue());
    }

    @Test
    void retentionDeletesOnlyHistoryOlderThanTheLimit() {
        String owner = "owner-" + UUID.randomUUID();
        var messages = mongo.getDatabase(database).getCollection("chat_messages");
        java.util.Date old = java.util.Date.from(java.time.Instant.now().minus(Duration.ofDays(31)));
        java.util.Date fresh = java.util.Date.from(java.time.Instant.now().minus(Duration.ofDays(29)));
        messages.insertOne(new org.bson.Document("_id", owner + "-old").append("ownerId", owner)
                .append("personaId", "p").append("sessionId", "s").append("role", "user").append("content", "old")
                .append("createdAt", old));
        messages.insertOne(new org.bson.Document("_id", owner + "-fresh").append("ownerId", owner)
                .append("personaId", "p").append("sessionId", "s").append("role", "user").append("content", "fresh")
                .append("createdAt", fresh));
        retention.purgeNow().await().atMost(Duration.ofSeconds(10));
        assertEquals(0, messages.countDocuments(com.mongodb.client.model.Filters.eq("_id", owner + "-old")));
        assertEquals(1, messages.countDocuments(com.mongodb.client.model.Filters.eq("_id", owner + "-fresh")));
    }

    @Test
    void styleProfileDescribesThePersona() {
        given().auth().oauth2(tokenA).get("/personas/{id}/style", personaA).then().statusCode(200)
                .body("chunksAnalysed", equalTo(10)).body("averageSentenceWords", notNullValue())
                .body("formality", notNullValue()).body("codeMixing.detected", notNullValue());
    }
}
