package dev.persona.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.persona.chat.service.retrieval.PersonaIndexRegistry;
import dev.persona.common.embedding.EmbeddingModels;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.Topics;
import dev.persona.common.memory.ChunkCodec;
import dev.persona.common.memory.MemoryChunk;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An embedding-model switch as chat-service sees it: the persona's chunks are all of model A (all-minilm, embedded
 * with it), chat is configured with B (bge, this module's configuration), and embed-service's replay brings B's
 * chunks source by source, deleting A's with the last one. The persona is served from A, questions embedded with A,
 * until B covers every source; then from B. It answers, from the right source, all along. (The questions name their
 * topic: the grounding gate's similarity thresholds are calibrated for B, and A's similarities run lower.)
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class ModelSwitchTest {
    private static final EmbeddingModels A = EmbeddingModels.ALL_MINILM_L6_V2_Q;
    private static final EmbeddingModels B = EmbeddingModels.BGE_SMALL_EN_V15_Q;
    private static final List<PersonaCorpus.Source> SOURCES = List.of(PersonaCorpus.CHILDHOOD, PersonaCorpus.COOKING,
            PersonaCorpus.WORK);

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @Inject
    PersonaIndexRegistry indexes;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Test
    void aPersonaIsServedFromTheOldModelUntilTheNewOneCoversEverySourceAndAnswersThroughout() throws Exception {
        assertEquals(B.id(), org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("persona.embedding.model", String.class), "chat is configured with B");
        MongoDatabase db = mongo.getDatabase(database);
        String owner = "owner-" + UUID.randomUUID();
        String persona = UUID.randomUUID().toString();
        String token = TestTokens.forOwner(owner);
        PersonaCorpus.insertPersona(db, owner, persona, PersonaCorpus.NAME);
        for (PersonaCorpus.Source source : SOURCES) {
            insert(db, owner, persona, source, A);
        }

        assertCites(token, persona, "How do you make your sambar?", PersonaCorpus.COOKING);
        assertEquals(A.id(), indexes.heldModel(owner, persona), "only A's chunks exist: served from A");

        // The replay has reached two of the three sources: B is incomplete, the persona stays on A.
        double refreshes = counter("persona.index.refreshes");
        try (KafkaProducer<String, String> producer = producer()) {
            for (PersonaCorpus.Source source : SOURCES.subList(0, 2)) {
                announce(producer, owner, persona, source, insert(db, owner, persona, source, B));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> counter("persona.index.refreshes") >= refreshes + 2);
            assertEquals(A.id(), indexes.heldModel(owner, persona));
            assertCites(token, persona, "How do you make your sambar?", PersonaCorpus.COOKING);
            assertCites(token, persona, "Where did you work as a software engineer?", PersonaCorpus.WORK);

            // The last source: embed-service writes B's chunks, deletes A's, and announces the source.
            List<String> last = insert(db, owner, persona, SOURCES.get(2), B);
            db.getCollection(MemoryCollections.CHUNKS).deleteMany(Filters.and(Filters.eq("personaId", persona),
                    Filters.eq("embeddingModelId", A.id())));
            announce(producer, owner, persona, SOURCES.get(2), last);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> indexes.heldModel(owner, persona) == null);

        assertCites(token, persona, "Where did you work as a software engineer?", PersonaCorpus.WORK);
        assertEquals(B.id(), indexes.heldModel(owner, persona), "complete in B: served from B");
        assertCites(token, persona, "Did you grow up in Madurai?", PersonaCorpus.CHILDHOOD);
        assertCites(token, persona, "How do you make your sambar?", PersonaCorpus.COOKING);
    }

    private static void assertCites(String token, String persona, String question, PersonaCorpus.Source source) {
        JsonPath body = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("message", question))
                .post("/personas/{id}/chat", persona).then().statusCode(200).extract().jsonPath();
        List<String> cited = body.getList("citations.sourceId");
        assertTrue(!cited.isEmpty() && cited.get(0).equals(source.id()),
                () -> question + " should cite " + source.id() + " first, cited " + cited + ": " + body.getString("answer"));
        // The cited sentence's similarity to the question: a question embedded with another model than the chunks
        // would be near 0 (unrelated vector spaces), so this shows it was embedded with the index's model.
        double score = body.getDouble("citations[0].score");
        assertTrue(score > 0.3, () -> question + ": similarity " + score + " to the cited sentence");
    }

    private static List<String> insert(MongoDatabase db, String owner, String persona, PersonaCorpus.Source source,
            EmbeddingModels model) {
        List<MemoryChunk> chunks = PersonaCorpus.memoryChunks(owner, persona, source, model);
        db.getCollection(MemoryCollections.CHUNKS).insertMany(chunks.stream().map(ChunkCodec::encode).toList());
        return chunks.stream().map(MemoryChunk::id).toList();
    }

    private void announce(KafkaProducer<String, String> producer, String owner, String persona,
            PersonaCorpus.Source source, List<String> ids) throws Exception {
        ChunksEmbedded event = ChunksEmbedded.of(owner, persona, UUID.randomUUID().toString(), source.id(), ids, B.id());
        producer.send(new ProducerRecord<>(Topics.CHUNKS_EMBEDDED, persona, json.writeValueAsString(event))).get();
    }

    private KafkaProducer<String, String> producer() {
        return SamplePersona.producer(bootstrap);
    }

    private double counter(String name) {
        return meters.find(name).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }
}
