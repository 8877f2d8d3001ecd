package dev.persona.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.persona.chat.service.retrieval.PersonaIndexRegistry;
import dev.persona.common.events.PersonaDeleted;
import dev.persona.common.events.Topics;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.PersonaOwnershipGuard;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.testing.KafkaProbe;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A persona being erased by ingest-service is no longer served, and once erased leaves no index behind in
 * chat-service, through the real broker.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class PersonaDeletedConsumerTest {
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

    @Test
    void aPersonaMarkedDeletingAnswersConflictOnEveryRoute() throws Exception {
        SamplePersona.ensure(mongo.getDatabase(database), json, bootstrap);
        var personas = mongo.getDatabase(database).getCollection(PersonaOwnershipGuard.PERSONAS);
        personas.updateOne(Filters.eq("_id", SamplePersona.personaId),
                Updates.set(PersonaOwnershipGuard.DELETING_AT, new Date()));
        try {
            ChatApiTest.chat(SamplePersona.token, SamplePersona.personaId, "Where did you grow up?").statusCode(409)
                    .contentType("application/problem+json").body("code", equalTo(ErrorCodes.PERSONA_DELETING));
            given().auth().oauth2(SamplePersona.token).get("/personas/{id}/sessions", SamplePersona.personaId)
                    .then().statusCode(409).body("code", equalTo(ErrorCodes.PERSONA_DELETING));
        } finally {
            personas.updateOne(Filters.eq("_id", SamplePersona.personaId),
                    Updates.unset(PersonaOwnershipGuard.DELETING_AT));
        }
        ChatApiTest.chat(SamplePersona.token, SamplePersona.personaId, "Where did you grow up?").statusCode(200);
    }

    @Test
    void aPersonaDeletedEventDropsTheIndexThisInstanceHolds() throws Exception {
        SamplePersona.ensure(mongo.getDatabase(database), json, bootstrap);
        ChatApiTest.chat(SamplePersona.token, SamplePersona.personaId, "Where did you grow up?").statusCode(200);
        assertTrue(indexes.holds(SamplePersona.ownerId, SamplePersona.personaId), "the question built the index");

        try (KafkaProducer<String, String> producer = SamplePersona.producer(bootstrap)) {
            PersonaDeleted event = PersonaDeleted.of(SamplePersona.ownerId, SamplePersona.personaId,
                    Map.of("chunks", 5L));
            producer.send(new ProducerRecord<>(Topics.PERSONA_DELETED, event.personaId(),
                    json.writeValueAsString(event))).get();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !indexes.holds(SamplePersona.ownerId, SamplePersona.personaId));
    }

    @Test
    void anUnreadablePersonaDeletedRecordIsDeadLetteredAndTheNextOneStillDropsTheIndex() throws Exception {
        SamplePersona.ensure(mongo.getDatabase(database), json, bootstrap);
        ChatApiTest.chat(SamplePersona.token, SamplePersona.personaId, "Where did you grow up?").statusCode(200);
        assertTrue(indexes.holds(SamplePersona.ownerId, SamplePersona.personaId), "the question built the index");

        String key = SamplePersona.personaId;
        KafkaProbe.publish(Topics.PERSONA_DELETED, key, "{not json at all");
        PersonaDeleted event = PersonaDeleted.of(SamplePersona.ownerId, SamplePersona.personaId, Map.of());
        KafkaProbe.publish(Topics.PERSONA_DELETED, key, json.writeValueAsString(event));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !indexes.holds(SamplePersona.ownerId, SamplePersona.personaId));
        KafkaProbe.await(Topics.deadLetter(Topics.PERSONA_DELETED), r -> key.equals(r.key()));
    }

    @Test
    void unreadableAndIncompleteChunksEmbeddedRecordsAreDeadLetteredAndTheConsumerGoesOn() throws Exception {
        String key = "dlq-" + UUID.randomUUID();
        String dlq = Topics.deadLetter(Topics.CHUNKS_EMBEDDED);
        KafkaProbe.publish(Topics.CHUNKS_EMBEDDED, key, "{not json at all");
        // Read after the unreadable one (same key, same partition): it is dead-lettered too, so the consumer went on.
        String marker = UUID.randomUUID().toString();
        KafkaProbe.publish(Topics.CHUNKS_EMBEDDED, key, json.writeValueAsString(
                ChunksEmbedded.of(null, key, marker, null, List.of(), null)));
        KafkaProbe.await(dlq, r -> key.equals(r.key()) && (r.value() == null || !r.value().contains(marker)));
        var incomplete = KafkaProbe.await(dlq, r -> key.equals(r.key()) && r.value() != null
                && r.value().contains(marker));
        assertTrue(KafkaProbe.header(incomplete, "dead-letter-reason").orElse("").contains("Unreadable"),
                () -> KafkaProbe.header(incomplete, "dead-letter-reason").toString());
    }
}
