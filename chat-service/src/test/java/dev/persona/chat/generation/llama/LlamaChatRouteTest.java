package dev.persona.chat.generation.llama;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.persona.chat.PersonaCorpus;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * generator=llama through the chat routes: real llama.cpp runs the tiny random-weight model this test writes, so
 * the words are nonsense, but retrieval, the persona prompt, token streaming over SSE and citations are the real
 * path a user with a GGUF file gets.
 */
@QuarkusTest
@TestProfile(LlamaChatRouteTest.LlamaGenerator.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class LlamaChatRouteTest {
    private static final Pattern TOKEN_EVENT = Pattern.compile("event:\\s?token\\ndata:");

    public static class LlamaGenerator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path model = new TinyLlamaModel().contextLength(4096)
                        .writeTo(Files.createTempDirectory("persona-llama-route").resolve("tiny.gguf"));
                return Map.of("persona.chat.generator", "llama", "persona.chat.llama.model-path", model.toString(),
                        "persona.chat.llama.max-tokens", "24");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void aLocalGgufModelAnswersAndStreamsThroughTheChatRoutes() {
        String owner = "owner-" + UUID.randomUUID();
        String persona = UUID.randomUUID().toString();
        MongoDatabase db = mongo.getDatabase(database);
        PersonaCorpus.insertPersona(db, owner, persona, PersonaCorpus.NAME);
        PersonaCorpus.insertChunks(db, owner, persona, PersonaCorpus.CHILDHOOD, PersonaCorpus.MODEL_ID);
        PersonaCorpus.insertChunks(db, owner, persona, PersonaCorpus.COOKING, PersonaCorpus.MODEL_ID);
        String token = TestTokens.forOwner(owner);

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("message", "Where did you grow up?"))
                .post("/personas/{id}/chat", persona).then().statusCode(200)
                .body("timings.generator", equalTo("llama"))
                .body("answer", not(emptyOrNullString()))
                .body("citations.sourceId", hasItem(PersonaCorpus.CHILDHOOD.id()));

        String stream = given().auth().oauth2(token).contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("message", "How do you make your sambar?"))
                .post("/personas/{id}/chat/stream", persona).then().statusCode(200).extract().asString();
        Matcher tokens = TOKEN_EVENT.matcher(stream);
        int count = 0;
        while (tokens.find()) {
            count++;
        }
        assertTrue(count >= 2, "expected several token events from llama.cpp, got: " + stream);
        int citations = stream.indexOf("event:citations");
        int done = stream.indexOf("event:done");
        assertTrue(citations > stream.lastIndexOf("event:token") && done > citations, stream);
        assertTrue(stream.contains(PersonaCorpus.COOKING.id()), stream);
        assertEquals(-1, stream.indexOf("event:error"), stream);
    }
}
