package dev.persona.ingest;

import dev.persona.testing.KafkaProbe;
import static dev.persona.ingest.Api.as;
import static dev.persona.ingest.Api.assertProblem;
import static dev.persona.ingest.Api.createPersona;
import static dev.persona.ingest.Api.fixture;
import static dev.persona.ingest.Api.newOwner;
import static dev.persona.ingest.Api.upload;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.Topics;
import dev.persona.ingest.media.MediaStore;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Quotas per owner with small limits: 2 personas, 400,000 stored bytes, 6 s of recordings. The fixture recording is
 * 3.65 s (58,398 bytes uploaded, ~117,000 bytes normalised), so two fit the bytes but not the time.
 */
@QuarkusTest
@TestProfile(QuotaTest.SmallQuotas.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class QuotaTest {
    private static final int DOCUMENT_BYTES = 150_000;

    public static class SmallQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("persona.ingest.quotas.max-personas", "2",
                    "persona.ingest.quotas.max-stored-bytes", "400000",
                    "persona.ingest.quotas.max-recorded-time", "PT6S");
        }
    }

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    MediaStore media;

    @Inject
    ObjectMapper json;

    @Test
    void aThirdPersonaIs429NamingTheLimitAndDeletingOneGivesItBack() {
        String owner = newOwner();
        String first = createPersona(owner, "One");
        createPersona(owner, "Two");

        var refused = as(owner).contentType(ContentType.JSON).body("{\"name\":\"Three\"}").post("/personas").then();
        assertProblem(refused, 429, "quota-exceeded");
        refused.body("detail", containsString("persona.ingest.quotas.max-personas"))
                .body("detail", containsString("at most 2"));
        as(owner).get("/personas").then().statusCode(200).body("size()", equalTo(2));
        as(owner).get("/personas/usage").then().statusCode(200).body("personas.used", equalTo(2))
                .body("personas.limit", equalTo(2));

        as(owner).delete("/personas/" + first).then().statusCode(200);
        createPersona(owner, "Three");
        // Another owner's quota is their own.
        createPersona(newOwner(), "Someone else's");
    }

    @Test
    void concurrentPersonaCreationsNeverPassTheLimit() throws Exception {
        String owner = newOwner();
        List<Integer> statuses = concurrently(8, () -> as(owner).contentType(ContentType.JSON)
                .body("{\"name\":\"Racer\"}").post("/personas").then().extract().statusCode());
        assertEquals(2, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
        assertEquals(6, statuses.stream().filter(s -> s == 429).count(), statuses::toString);
        assertEquals(2L, count("personas", owner));
        as(owner).get("/personas/usage").then().body("personas.used", equalTo(2));
    }

    @Test
    void recordingsPastTheRecordedTimeAre413NamingTheLimitAndADeletedRecordingGivesItBack() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Speaker");
        var first = upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract();
        var usage = as(owner).get("/personas/usage").then().statusCode(200).extract();
        assertEquals(3.65, usage.<Float>path("recordedSec.used"), 0.01);
        assertEquals(6.0, usage.<Float>path("recordedSec.limit"), 1e-9);
        long storedBytes = mediaBytes(owner, persona);
        assertEquals(storedBytes, ((Number) usage.path("storedBytes.used")).longValue(), "counts what is stored");

        var refused = upload(owner, persona, "recordings", "b.wav", fixture("/audio/speech.wav"));
        assertProblem(refused, 413, "quota-exceeded");
        refused.body("detail", containsString("persona.ingest.quotas.max-recorded-time"));
        assertEquals(1L, count("recordings", owner));
        assertEquals(2L, media.count(owner, persona).await().atMost(Duration.ofSeconds(5)));

        String rid = first.path("recordingId");
        String jobId = first.path("jobId");
        // Its job still runs: the pipeline would write its transcript again.
        assertProblem(as(owner).delete("/personas/" + persona + "/recordings/" + rid).then(), 409, "conflict");
        finish(owner, persona, jobId, rid);
        as(owner).delete("/personas/" + persona + "/recordings/" + rid).then().statusCode(200)
                .body("recordingId", equalTo(rid)).body("deleted.recordings", equalTo(1))
                .body("deleted.media", equalTo(2)).body("deleted.mediaBytes", equalTo((int) storedBytes))
                .body("deleted.jobs", equalTo(1));
        as(owner).get("/personas/usage").then().body("recordedSec.used", equalTo(0f))
                .body("storedBytes.used", equalTo(0));
        assertProblem(as(owner).delete("/personas/" + persona + "/recordings/" + rid).then(), 404, "not-found");
        upload(owner, persona, "recordings", "b.wav", fixture("/audio/speech.wav")).statusCode(202);
    }

    @Test
    void documentsPastTheStoredBytesAre413NamingTheLimitAndErasureGivesEverythingBack() {
        String owner = newOwner();
        String persona = createPersona(owner, "Writer");
        String did = upload(owner, persona, "documents", "1.txt", text(1)).statusCode(202).extract()
                .path("documentId");
        upload(owner, persona, "documents", "2.txt", text(2)).statusCode(202);

        var refused = upload(owner, persona, "documents", "3.txt", text(3));
        assertProblem(refused, 413, "quota-exceeded");
        refused.body("detail", containsString("persona.ingest.quotas.max-stored-bytes"))
                .body("detail", containsString("300000 of the 400000 bytes"));
        assertEquals(2L, count("documents", owner));

        // A document's job starts at "transcribed"; it is deletable once embed-service has finished it.
        String jobId = as(owner).get("/personas/" + persona + "/documents/" + did).then().extract().path("jobId");
        finish(owner, persona, jobId, did);
        as(owner).delete("/personas/" + persona + "/documents/" + did).then().statusCode(200)
                .body("deleted.documents", equalTo(1)).body("deleted.mediaBytes", equalTo(DOCUMENT_BYTES))
                .body("deleted.transcripts", equalTo(1));
        upload(owner, persona, "documents", "3.txt", text(3)).statusCode(202);

        as(owner).delete("/personas/" + persona).then().statusCode(200).body("deleted.documents", equalTo(2))
                .body("deleted.mediaBytes", equalTo(2 * DOCUMENT_BYTES));
        as(owner).get("/personas/usage").then().body("personas.used", equalTo(0)).body("storedBytes.used", equalTo(0))
                .body("recordedSec.used", equalTo(0f));
    }

    @Test
    void concurrentUploadsNeverTogetherPassTheStoredBytes() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Racer");
        List<Integer> statuses = concurrently(6, () -> upload(owner, persona, "documents", "race.txt",
                text((int) (Math.random() * 1e6))).extract().statusCode());
        assertEquals(2, statuses.stream().filter(s -> s == 202).count(), statuses::toString);
        assertEquals(4, statuses.stream().filter(s -> s == 413).count(), statuses::toString);
        assertEquals(2L, count("documents", owner));
        assertEquals(2L * DOCUMENT_BYTES, mediaBytes(owner, persona));
        as(owner).get("/personas/usage").then().body("storedBytes.used", equalTo(2 * DOCUMENT_BYTES));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Exactly {@link #DOCUMENT_BYTES} bytes of distinct sentences, so cleaning keeps them all. */
    private static byte[] text(int seed) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < DOCUMENT_BYTES; line++) {
            text.append("In summer ").append(seed).append('-').append(line)
                    .append(" we sailed past the lighthouse to the islands.\n");
        }
        return text.substring(0, DOCUMENT_BYTES).getBytes(StandardCharsets.US_ASCII);
    }

    /** Marks the job ready the way embed-service does, through the broker, and waits until ingest folded it in. */
    private void finish(String owner, String persona, String jobId, String sourceId) {
        try {
            KafkaProbe.publish(Topics.JOB_PROGRESS, persona, json.writeValueAsString(
                    JobProgress.of(owner, persona, jobId, sourceId, JobStage.ready, 1.0)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "ready".equals(as(owner)
                .get("/personas/" + persona + "/jobs/" + jobId).then().extract().path("stage")));
    }

    private static List<Integer> concurrently(int n, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private long count(String collection, String owner) {
        return mongo.getDatabase("persona").getCollection(collection).countDocuments(Filters.eq("ownerId", owner))
                .await().atMost(Duration.ofSeconds(5));
    }

    private long mediaBytes(String owner, String persona) {
        return mongo.getDatabase("persona").getCollection("media.files")
                .find(Filters.and(Filters.eq("metadata.ownerId", owner), Filters.eq("metadata.personaId", persona)))
                .collect().asList().await().atMost(Duration.ofSeconds(5)).stream()
                .mapToLong(d -> ((Number) d.get("length")).longValue()).sum();
    }
}
