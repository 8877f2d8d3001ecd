package dev.persona.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.persona.chat.service.generation.ExtractiveComposer;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Talks to a persona through {@code /v1} with LangChain4j's real OpenAI client, plain and streaming. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class OpenAiCompatibilityTest {
    /** The running application's own address (the test port may be 0: any free port). */
    @io.quarkus.test.common.http.TestHTTPResource("/v1")
    java.net.URL v1;

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @BeforeEach
    void persona() throws Exception {
        SamplePersona.ensure(mongo.getDatabase(database), json, bootstrap);
        ChatApiTest.tokenA = SamplePersona.token;
        ChatApiTest.personaA = SamplePersona.personaId;
        ChatApiTest.ownerA = SamplePersona.ownerId;
    }

    @Test
    void modelsListsTheCallersPersonas() {
        given().auth().oauth2(ChatApiTest.tokenA).get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list")).body("data.id", hasItem(ChatApiTest.personaA))
                .body("data.find { it.id == '" + ChatApiTest.personaA + "' }.object", equalTo("model"));
    }

    @Test
    void plainCompletionThroughTheOpenAiClient() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(v1.toString()).apiKey(ChatApiTest.tokenA)
                .modelName(ChatApiTest.personaA).timeout(Duration.ofSeconds(60)).maxRetries(0).build();
        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(UserMessage.from("How do you make your sambar?")).build());
        String answer = response.aiMessage().text();
        assertTrue(answer.toLowerCase().contains("sambar") && answer.contains("coriander"), answer);
        assertTrue(answer.contains("I "), answer);

        String refusal = model.chat("What is your opinion on quantum chromodynamics?");
        assertEquals(ExtractiveComposer.NOTHING_RELEVANT, refusal);
    }

    @Test
    void streamingCompletionThroughTheOpenAiClient() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(v1.toString())
                .apiKey(ChatApiTest.tokenA).modelName(ChatApiTest.personaA).timeout(Duration.ofSeconds(60)).build();
        List<String> partials = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("What do you do for a living?", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                synchronized (partials) {
                    partials.add(partial);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(60, TimeUnit.SECONDS);
        assertTrue(partials.size() > 3, "expected several streamed pieces, got " + partials);
        String streamed = String.join("", partials);
        assertTrue(streamed.contains("software engineer"), streamed);
        assertEquals(streamed, response.aiMessage().text());
    }

    @Test
    void rawStreamUsesOpenAiFraming() {
        String raw = given().auth().oauth2(ChatApiTest.tokenA).contentType(ContentType.JSON)
                .body(Map.of("model", ChatApiTest.personaA, "stream", true,
                        "messages", List.of(Map.of("role", "user", "content", "Where did you grow up?"))))
                .post("/v1/chat/completions").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString();
        String[] blocks = raw.strip().split("\n\n");
        for (String block : blocks) {
            assertTrue(block.startsWith("data: "), block);
        }
        assertEquals("data: [DONE]", blocks[blocks.length - 1]);
        assertTrue(blocks[blocks.length - 2].contains("\"finish_reason\":\"stop\""), blocks[blocks.length - 2]);
        assertTrue(raw.contains("chat.completion.chunk") && raw.contains("Madurai"), raw);
    }
}
