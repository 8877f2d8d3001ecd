package dev.persona.ingest;

import dev.persona.testing.KafkaProbe;
import static dev.persona.ingest.Api.as;
import static dev.persona.ingest.Api.assertProblem;
import static dev.persona.ingest.Api.createPersona;
import static dev.persona.ingest.Api.fixture;
import static dev.persona.ingest.Api.newOwner;
import static dev.persona.ingest.Api.upload;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.persona.common.events.Topics;
import dev.persona.common.problem.ApiException;
import dev.persona.ingest.media.MediaStore;
import dev.persona.ingest.service.Quotas;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Erasure that can be completed after a failure, what it reports, and what a persona being deleted refuses. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class PersonaErasureTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<String> DATA = List.of("recordings", "documents", "jobs", "transcripts", "chunks",
            "chat_sessions", "chat_messages");

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    MediaStore media;

    @Inject
    Quotas quotas;

    @Inject
    ObjectMapper json;

    @Test
    void deleteReportsCountsAndBytesPublishesTheEventAndASecondDeleteIs404() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Leaving");
        upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202);
        upload(owner, persona, "documents", "note.txt", "My own note about boats.".getBytes()).statusCode(202);
        insertChunk(owner, persona);
        long bytes = mediaBytes(owner, persona);
        as(owner).get("/personas/usage").then().body("personas.used", equalTo(1))
                .body("storedBytes.used", equalTo((int) bytes));

        as(owner).delete("/personas/" + persona).then().statusCode(200).body("personaId", equalTo(persona))
                .body("deleted.personas", equalTo(1)).body("deleted.recordings", equalTo(1))
                .body("deleted.documents", equalTo(1)).body("deleted.transcripts", equalTo(1))
                .body("deleted.chunks", equalTo(1)).body("deleted.jobs", equalTo(2))
                .body("deleted.media", equalTo(3)).body("deleted.mediaBytes", equalTo((int) bytes));

        ConsumerRecord<String, String> record = KafkaProbe.await(Topics.PERSONA_DELETED,
                r -> persona.equals(r.key()) && r.value().contains(persona));
        JsonNode event = json.readTree(record.value());
        assertEquals(1, event.get("schemaVersion").asInt());
        assertEquals(owner, event.get("ownerId").asText());
        assertEquals(persona, event.get("personaId").asText());
        assertEquals(1, event.get("erased").get("recordings").asInt());
        assertEquals(bytes, event.get("erased").get("mediaBytes").asLong());

        nothingLeft(owner, persona);
        as(owner).get("/personas/usage").then().body("personas.used", equalTo(0))
                .body("storedBytes.used", equalTo(0)).body("recordedSec.used", equalTo(0f));
        // The contract for a persona that is gone stays what it was: 404, as for one that never existed.
        assertProblem(as(owner).delete("/personas/" + persona).then(), 404, "persona-not-found");
    }

    @Test
    void anErasureThatStoppedHalfWayIsHiddenRefusesWritesAndIsFinishedByTheNextDelete() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Half erased");
        String staying = createPersona(owner, "Staying");
        upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202);
        upload(owner, persona, "documents", "note.txt", "My own note about boats.".getBytes()).statusCode(202);
        long bytes = mediaBytes(owner, persona);
        // What an erasure that failed after its first steps leaves: the mark, no recordings, everything else.
        ReactiveMongoDatabase db = mongo.getDatabase("persona");
        db.getCollection("personas").updateOne(Filters.eq("_id", persona), Updates.set("deletingAt", new Date()))
                .await().atMost(WAIT);
        db.getCollection("recordings").deleteMany(Filters.eq("personaId", persona)).await().atMost(WAIT);

        as(owner).get("/personas").then().statusCode(200).body("id", not(hasItem(persona)))
                .body("id", hasItem(staying));
        assertProblem(as(owner).get("/personas/" + persona).then(), 409, "persona-deleting");
        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"name\":\"Back\"}")
                .patch("/personas/" + persona).then(), 409, "persona-deleting");
        assertProblem(upload(owner, persona, "recordings", "b.wav", fixture("/audio/speech.wav")), 409,
                "persona-deleting");
        assertProblem(upload(owner, persona, "documents", "b.txt", "Another note.".getBytes()), 409,
                "persona-deleting");
        assertProblem(as(owner).get("/personas/" + persona + "/documents").then(), 409, "persona-deleting");
        assertEquals(3L, media.count(owner, persona).await().atMost(WAIT), "the refused uploads stored nothing");

        as(owner).delete("/personas/" + persona).then().statusCode(200)
                .body("deleted.personas", equalTo(1)).body("deleted.recordings", equalTo(0))
                .body("deleted.documents", equalTo(1)).body("deleted.media", equalTo(3))
                .body("deleted.mediaBytes", equalTo((int) bytes)).body("deleted.jobs", equalTo(2))
                .body("deleted.transcripts", equalTo(1));
        nothingLeft(owner, persona);
        // The quota it held is back, the other persona's is not touched.
        as(owner).get("/personas/usage").then().body("personas.used", equalTo(1))
                .body("storedBytes.used", equalTo(0)).body("recordedSec.used", equalTo(0f));
        as(owner).get("/personas/" + staying).then().statusCode(200);
        assertProblem(as(owner).delete("/personas/" + persona).then(), 404, "persona-not-found");
    }

    @Test
    void anUploadStoredWhileTheMarkWasSetIsRefusedAndGivesItsQuotaBack() {
        String owner = newOwner();
        String persona = createPersona(owner, "Racing");
        Quotas.Claim claim = quotas.claim(owner, persona, 1000, 2000);
        claim.reserve().await().atMost(WAIT);
        assertEquals(1000, quotas.usage(owner).await().atMost(WAIT).storedBytes());

        // The erasure begins between the upload's reservation and its commit.
        mongo.getDatabase("persona").getCollection("personas")
                .updateOne(Filters.eq("_id", persona), Updates.set("deletingAt", new Date())).await().atMost(WAIT);
        ApiException refused = assertThrows(ApiException.class, () -> claim.commit().await().atMost(WAIT));
        assertEquals(409, refused.status());
        assertEquals("persona-deleting", refused.code());
        claim.giveBack().await().atMost(WAIT);

        Quotas.Usage usage = quotas.usage(owner).await().atMost(WAIT);
        assertEquals(0, usage.storedBytes());
        assertEquals(0, usage.recordedMs());
        as(owner).delete("/personas/" + persona).then().statusCode(200).body("deleted.personas", equalTo(1));
        assertEquals(0, quotas.usage(owner).await().atMost(WAIT).personas());
    }

    @Test
    void aCommittedUploadOfAPersonaErasedBeforeItFailedIsGivenBackOnce() {
        String owner = newOwner();
        String persona = createPersona(owner, "Racing");
        Quotas.Claim claim = quotas.claim(owner, persona, 1000, 2000);
        claim.reserve().await().atMost(WAIT);
        claim.commit().await().atMost(WAIT);
        // The erasure gives back what the persona holds, this upload included; its later failure gives back nothing.
        as(owner).delete("/personas/" + persona).then().statusCode(200);
        claim.giveBack().await().atMost(WAIT);

        Quotas.Usage usage = quotas.usage(owner).await().atMost(WAIT);
        assertEquals(new Quotas.Usage(0, 0, 0), usage);
    }

    private void insertChunk(String owner, String persona) {
        mongo.getDatabase("persona").getCollection("chunks").insertOne(new Document("_id", persona + "-chunk")
                .append("ownerId", owner).append("personaId", persona).append("text", "x")).await().atMost(WAIT);
    }

    private void nothingLeft(String owner, String persona) {
        ReactiveMongoDatabase db = mongo.getDatabase("persona");
        for (String collection : DATA) {
            assertEquals(0L, db.getCollection(collection).countDocuments(Filters.eq("personaId", persona)).await()
                    .atMost(WAIT), collection);
        }
        assertEquals(0L, db.getCollection("personas").countDocuments(Filters.eq("_id", persona)).await().atMost(WAIT));
        assertEquals(0L, media.count(owner, persona).await().atMost(WAIT));
    }

    private long mediaBytes(String owner, String persona) {
        return mongo.getDatabase("persona").getCollection("media.files")
                .find(Filters.and(Filters.eq("metadata.ownerId", owner), Filters.eq("metadata.personaId", persona)))
                .collect().asList().await().atMost(WAIT).stream()
                .mapToLong(d -> ((Number) d.get("length")).longValue()).sum();
    }
}
