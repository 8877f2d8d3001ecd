package dev.persona.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.persona.chat.service.generation.ExtractiveComposer;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * generator=openai against a stand-in OpenAI-compatible server: the persona prompt reaches the provider with the
 * name, the numbered passages and the grounding rule; the provider's words come back with our citations; nothing
 * relevant means the provider is not asked; a failing provider falls back to the extractive answer.
 */
@QuarkusTest
@TestProfile(LlmGeneratorTest.OpenAiGenerator.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class LlmGeneratorTest {

    public static class OpenAiGenerator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("persona.chat.generator", "openai",
                    "quarkus.langchain4j.openai.base-url", FakeOpenAiServer.get().baseUrl(),
                    "quarkus.langchain4j.openai.api-key", "sk-test",
                    "quarkus.langchain4j.openai.max-retries", "0");
        }
    }

    @Inject
    MongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @ConfigProperty(name = "quarkus.langchain4j.openai.base-url")
    String fakeBaseUrl;

    private String control(String command) {
        return given().baseUri(fakeBaseUrl.replace("/v1", "")).get("/control/" + command).then().statusCode(200)
                .extract().asString();
    }

    private int requests() {
        return Integer.parseInt(control("requests"));
    }

    @Test
    void providerAnswersFromThePersonaPromptAndFailuresFallBackToExtractive() {
        String owner = "owner-" + UUID.randomUUID();
        String persona = UUID.randomUUID().toString();
        MongoDatabase db = mongo.getDatabase(database);
        PersonaCorpus.insertPersona(db, owner, persona, PersonaCorpus.NAME);
        PersonaCorpus.insertChunks(db, owner, persona, PersonaCorpus.CHILDHOOD, PersonaCorpus.MODEL_ID);
        PersonaCorpus.insertChunks(db, owner, persona, PersonaCorpus.COOKING, PersonaCorpus.MODEL_ID);
        String token = TestTokens.forOwner(owner);

        control("ok");
        int before = requests();
        ask(token, persona, "Where did you grow up?").statusCode(200)
                .body("answer", equalTo(FakeOpenAiServer.ANSWER))
                .body("citations.sourceId", hasItem(PersonaCorpus.CHILDHOOD.id()))
                .body("timings.generator", equalTo("openai"));
        String prompt = control("request/" + before);
        assertTrue(prompt.contains("You are Priya Raman"), prompt);
        assertTrue(prompt.contains("[1] (recording growing-up-in-madurai.wav) I grew up in Madurai"), prompt);
        assertTrue(prompt.contains("Answer ONLY from the numbered context"), prompt);

        int asked = requests();
        ask(token, persona, "What is your opinion on quantum chromodynamics?").statusCode(200)
                .body("answer", equalTo(ExtractiveComposer.NOTHING_RELEVANT)).body("citations", empty());
        assertEquals(asked, requests(), "the provider must not be asked without grounding");

        control("fail");
        try {
            String answer = ask(token, persona, "How do you make your sambar?").statusCode(200)
                    .body("citations[0].sourceId", equalTo(PersonaCorpus.COOKING.id())).extract().path("answer");
            assertTrue(answer.contains("coriander") && answer.startsWith("On Sundays I cook sambar"), answer);
            assertTrue(requests() > asked + 1, "the failing provider should have been retried");
        } finally {
            control("ok");
        }
    }

    private static io.restassured.response.ValidatableResponse ask(String token, String persona, String message) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("message", message))
                .post("/personas/{id}/chat", persona).then();
    }
}
