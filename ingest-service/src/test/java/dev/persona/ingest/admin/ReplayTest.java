package dev.persona.ingest.admin;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.Topics;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptCodec;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replays through the real in-process Kafka broker and the MongoDB-wire server. The downstream stages are played by
 * the test: it writes what transcribe- and embed-service would have stored, and publishes their job-progress.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class ReplayTest {
    private static final String MODEL_A = "all-minilm-l6-v2-q";
    private static final String TEST_EMBED_GROUP = "replay-test-embed-service";

    @Inject
    ObjectMapper json;

    @Inject
    ReactiveMongoClient mongo;

    /** A replay a failed test left running would block the next ones (one replay per stage and persona). */
    @AfterEach
    void endLeftoverReplays() {
        db().getCollection("replays").updateMany(Filters.in("status", Replay.ACTIVE),
                Updates.set("status", Replay.DONE)).await().atMost(Duration.ofSeconds(10));
    }

    // ---- access ---------------------------------------------------------------------------------------------

    @Test
    void ownersGet403AndCallersWithoutATokenGet401() {
        String owner = newOwner();
        String persona = createPersona(owner);
        problem(asOwner(owner).contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", persona))
                .post("/admin/replay").then(), 403, "forbidden");
        problem(asOwner(owner).get("/admin/replays").then(), 403, "forbidden");
        problem(asOwner(owner).get("/admin/replays/" + UUID.randomUUID()).then(), 403, "forbidden");
        problem(given().contentType(ContentType.JSON).body(Map.of("stage", "embed")).post("/admin/replay").then(),
                401, "unauthorized");
        // A token signed by another key does not become an admin by claiming the group.
        String forged = Jwt.issuer(TestTokens.ISSUER).subject("intruder").groups(Set.of("admin"))
                .expiresIn(Duration.ofMinutes(5)).jws().keyId("test").sign(ForgedKey.PRIVATE);
        problem(given().auth().oauth2(forged).get("/admin/replays").then(), 401, "unauthorized");
    }

    @Test
    void badRequestsGetTheirCode() {
        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "chat")).post("/admin/replay").then(),
                400, "validation-failed");
        problem(asAdmin().contentType(ContentType.JSON).body("{}").post("/admin/replay").then(), 400,
                "validation-failed");
        problem(asAdmin().contentType(ContentType.JSON).body("{\"stage\":{\"$ne\":null}}").post("/admin/replay")
                .then(), 400, "invalid-field");
        problem(asAdmin().contentType(ContentType.JSON).body("{\"stage\":\"embed\",\"ownerId\":\"x\"}")
                .post("/admin/replay").then(), 400, "invalid-field");
        problem(asAdmin().contentType(ContentType.JSON).body("{\"stage\":\"embed\"").post("/admin/replay").then(),
                400, "malformed-json");
        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", "../../x"))
                .post("/admin/replay").then(), 400, "validation-failed");
        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "method", "offsets",
                "personaId", UUID.randomUUID().toString())).post("/admin/replay").then(), 400, "validation-failed");
        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "method", "rewind"))
                .post("/admin/replay").then(), 400, "validation-failed");
        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId",
                UUID.randomUUID().toString())).post("/admin/replay").then(), 404, "persona-not-found");
        problem(asAdmin().get("/admin/replays/" + UUID.randomUUID()).then(), 404, "not-found");
        problem(asAdmin().get("/admin/replays/not%20an%20id").then(), 404, "not-found");
    }

    // ---- reemit: embed ------------------------------------------------------------------------------------

    @Test
    void anEmbedReplayReEmitsEachTranscriptOnceWithItsOriginalIdsAndFollowsTheJobsToTheEnd() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner);
        Map<TopicPartition, Long> beforeUploads = TopicLog.ends(Topics.TRANSCRIPT_READY);
        String[] recording = uploadRecording(owner, persona);
        String[] document = uploadDocument(owner, persona, "I sailed to the islands every summer with my grandfather.");
        writeTranscript(owner, persona, recording[0]);
        writeChunks(owner, persona, recording[0], MODEL_A, 2);
        writeChunks(owner, persona, document[0], MODEL_A, 1);
        TranscriptReady originalOfDocument = recordsFor(persona, TopicLog.since(beforeUploads), TranscriptReady.class)
                .get(0);

        Map<TopicPartition, Long> before = TopicLog.ends(Topics.TRANSCRIPT_READY);
        String replay = asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", persona))
                .post("/admin/replay").then().statusCode(202)
                .header("Location", containsString("/admin/replays/"))
                .body("stage", equalTo("embed")).body("method", equalTo("reemit")).body("events", equalTo(2))
                .body("personas", equalTo(1)).body("chunksBefore.chunks", equalTo(3))
                .body("chunksBefore.sources", equalTo(2))
                .body("chunksBefore.models.'" + MODEL_A + "'.sources", equalTo(2))
                .extract().path("replayId");

        awaitReplay(replay, "running");
        List<TranscriptReady> replayed = recordsFor(persona, TopicLog.since(before), TranscriptReady.class);
        assertEquals(2, replayed.size(), "each transcript exactly once: " + replayed);
        TranscriptReady ofRecording = bySource(replayed, recording[0]);
        assertEquals(recording[1], ofRecording.jobId());
        assertEquals(recording[0], ofRecording.transcriptId());
        assertEquals(SourceKind.recording, ofRecording.sourceKind());
        assertEquals(owner, ofRecording.ownerId());
        TranscriptReady ofDocument = bySource(replayed, document[0]);
        assertEquals(originalOfDocument.jobId(), ofDocument.jobId());
        assertEquals(originalOfDocument.transcriptId(), ofDocument.transcriptId());
        assertEquals(originalOfDocument.sourceKind(), ofDocument.sourceKind());
        assertEquals(originalOfDocument.sourceName(), ofDocument.sourceName());
        assertEquals(originalOfDocument.language(), ofDocument.language());
        assertNotEquals(originalOfDocument.eventId(), ofDocument.eventId(), "every emission has its own event id");

        asAdmin().get("/admin/replays/" + replay).then().statusCode(200).body("sent", equalTo(2))
                .body("jobs.pending", equalTo(2)).body("jobs.done", equalTo(0)).body("chunks.chunks", equalTo(3))
                .body("chunksAfter", nullValue());
        // A late event of a job from before the replay is not taken for the replay's.
        publish(new JobProgress(JobProgress.SCHEMA_VERSION, UUID.randomUUID().toString(), owner, persona,
                recording[1], recording[0], JobStage.ready, 1.0, null, Instant.now().minus(Duration.ofMinutes(5))));
        publish(JobProgress.of(owner, persona, document[1], document[0], JobStage.ready, 1.0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin().get("/admin/replays/" + replay).then()
                .body("jobs.done", equalTo(1)).body("jobs.pending", equalTo(1)).body("status", equalTo("running")));
        publish(JobProgress.of(owner, persona, recording[1], recording[0], JobStage.ready, 1.0));

        awaitReplay(replay, "done").body("jobs.done", equalTo(2)).body("jobs.failed", equalTo(0))
                .body("sent", equalTo(2)).body("chunksAfter.chunks", equalTo(3)).body("chunksAfter.sources", equalTo(2))
                .body("finishedAt", notNullValue()).body("chunks", nullValue());
        asAdmin().get("/admin/replays").then().statusCode(200).body("replayId", org.hamcrest.Matchers.hasItem(replay));
    }

    @Test
    void aDryRunCountsWhatItWouldSendAndSendsNothing() {
        String owner = newOwner();
        String persona = createPersona(owner);
        uploadRecording(owner, persona); // never transcribed: nothing to embed
        String[] document = uploadDocument(owner, persona, "My workshop smelled of pine and linseed oil.");
        writeChunks(owner, persona, document[0], MODEL_A, 1);
        long replaysBefore = db().getCollection("replays").countDocuments().await().atMost(Duration.ofSeconds(5));
        Map<TopicPartition, Long> before = TopicLog.ends(Topics.TRANSCRIPT_READY);

        asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", persona, "dryRun", true))
                .post("/admin/replay").then().statusCode(200).body("dryRun", equalTo(true))
                .body("status", equalTo("dry-run")).body("events", equalTo(1)).body("personas", equalTo(1))
                .body("skipped.withoutTranscript", equalTo(1)).body("chunks.chunks", equalTo(1))
                .body("replayId", nullValue());
        asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "transcribe", "personaId", persona,
                "dryRun", true)).post("/admin/replay").then().statusCode(200).body("events", equalTo(1));
        assertEquals(replaysBefore, db().getCollection("replays").countDocuments().await().atMost(Duration.ofSeconds(5)));

        // A real replay afterwards: its event is the first and only one since the dry runs, so they sent nothing.
        String replay = asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", persona))
                .post("/admin/replay").then().statusCode(202).extract().path("replayId");
        awaitReplay(replay, "running");
        List<TranscriptReady> sent = recordsFor(persona, TopicLog.since(before), TranscriptReady.class);
        assertEquals(1, sent.size());
        assertEquals(document[0], sent.get(0).sourceId());
    }

    @Test
    void aReplayOverMaxEventsIsRefusedBeforeAnythingIsSentOrKept() {
        String owner = newOwner();
        String persona = createPersona(owner);
        for (int i = 0; i < 4; i++) { // %test max-events is 3
            uploadDocument(owner, persona, "Note number " + i + " about the harbour.");
        }
        long replaysBefore = db().getCollection("replays").countDocuments().await().atMost(Duration.ofSeconds(5));
        long itemsBefore = db().getCollection("replay_items").countDocuments().await().atMost(Duration.ofSeconds(5));
        Map<TopicPartition, Long> before = TopicLog.ends(Topics.TRANSCRIPT_READY);

        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", persona))
                .post("/admin/replay").then(), 422, "too-complex");

        assertEquals(replaysBefore, db().getCollection("replays").countDocuments().await().atMost(Duration.ofSeconds(5)));
        assertEquals(itemsBefore, db().getCollection("replay_items").countDocuments().await()
                .atMost(Duration.ofSeconds(5)), "the items planned before the bound was hit are removed again");
        assertEquals(before, TopicLog.ends(Topics.TRANSCRIPT_READY), "nothing sent");
    }

    // ---- reemit: transcribe -------------------------------------------------------------------------------

    @Test
    void aTranscribeReplayReEmitsRecordingsOnlyRewindsAFailedJobAndRefusesASecondReplayMeanwhile() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner);
        Map<TopicPartition, Long> beforeUpload = TopicLog.ends(Topics.AUDIO_UPLOADED);
        String[] recording = uploadRecording(owner, persona);
        uploadDocument(owner, persona, "Documents have no transcribe stage.");
        AudioUploaded original = recordsFor(persona, TopicLog.since(beforeUpload), AudioUploaded.class).get(0);
        publish(JobProgress.failed(owner, persona, recording[1], recording[0], "no recogniser installed"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asOwner(owner)
                .get("/personas/" + persona + "/jobs/" + recording[1]).then().body("stage", equalTo("failed")));

        Map<TopicPartition, Long> before = TopicLog.ends(Topics.AUDIO_UPLOADED);
        String replay = asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "transcribe", "personaId",
                persona)).post("/admin/replay").then().statusCode(202).body("events", equalTo(1))
                .extract().path("replayId");
        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "transcribe", "personaId", persona))
                .post("/admin/replay").then(), 409, "conflict");
        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "transcribe")).post("/admin/replay")
                .then(), 409, "conflict");

        awaitReplay(replay, "running");
        List<AudioUploaded> replayed = recordsFor(persona, TopicLog.since(before), AudioUploaded.class);
        assertEquals(1, replayed.size());
        AudioUploaded again = replayed.get(0);
        assertEquals(original.jobId(), again.jobId());
        assertEquals(original.recordingId(), again.recordingId());
        assertEquals(original.mediaRef(), again.mediaRef());
        assertEquals(original.originalRef(), again.originalRef());
        assertEquals(original.fileName(), again.fileName());
        assertEquals(original.format(), again.format());
        assertEquals(original.durationSec(), again.durationSec());
        assertEquals(original.language(), again.language());
        assertNotEquals(original.eventId(), again.eventId());
        // The failed job starts over, so its new run shows on it.
        asOwner(owner).get("/personas/" + persona + "/jobs/" + recording[1]).then().body("stage", equalTo("uploaded"))
                .body("error", nullValue());
        asOwner(owner).get("/personas/" + persona + "/recordings/" + recording[0]).then()
                .body("status", equalTo("uploaded"));

        publish(JobProgress.failed(owner, persona, recording[1], recording[0], "still no recogniser"));
        awaitReplay(replay, "done").body("jobs.failed", equalTo(1)).body("jobs.done", equalTo(0));
        // Now a new one may start.
        asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "transcribe", "personaId", persona, "dryRun",
                true)).post("/admin/replay").then().statusCode(200);
    }

    @Test
    void jobsOfAPersonaDeletedDuringTheReplayAreSkippedAndTheReplayEnds() {
        String owner = newOwner();
        String persona = createPersona(owner);
        uploadDocument(owner, persona, "This persona will be deleted while its replay runs.");
        String replay = asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", persona))
                .post("/admin/replay").then().statusCode(202).extract().path("replayId");
        awaitReplay(replay, "running");
        asOwner(owner).delete("/personas/" + persona).then().statusCode(200);
        awaitReplay(replay, "done").body("jobs.skipped", equalTo(1)).body("jobs.pending", equalTo(0));
        problem(asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", persona))
                .post("/admin/replay").then(), 404, "persona-not-found");
    }

    // ---- offsets ------------------------------------------------------------------------------------------

    @Test
    void theOffsetsMethodResetsAStoppedGroupToTheEarliestOffsetsAndRefusesAnActiveOne() throws Exception {
        String owner = newOwner();
        uploadDocument(owner, createPersona(owner), "An event for the offsets replay to find.");
        Map<TopicPartition, Long> ends = TopicLog.ends(Topics.TRANSCRIPT_READY);
        Map<TopicPartition, Long> starts = TopicLog.starts(Topics.TRANSCRIPT_READY);
        long events = ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.get(e.getKey())).sum();
        TopicLog.commit(TEST_EMBED_GROUP, ends); // the stage had consumed everything

        Map<String, Object> offsets = Map.of("stage", "embed", "method", "offsets");
        try (KafkaConsumer<String, String> running = TopicLog.consumer(TEST_EMBED_GROUP)) {
            running.subscribe(List.of(Topics.TRANSCRIPT_READY));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                running.poll(Duration.ofMillis(100));
                return !running.assignment().isEmpty();
            });
            problem(asAdmin().contentType(ContentType.JSON).body(offsets).post("/admin/replay").then(), 409,
                    "conflict");
            asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "method", "offsets", "dryRun", true))
                    .post("/admin/replay").then().statusCode(200).body("refusal", containsString("active member"));
        }
        asAdmin().contentType(ContentType.JSON).body(Map.of("stage", "embed", "method", "offsets", "dryRun", true))
                .post("/admin/replay").then().statusCode(200).body("events", equalTo((int) events))
                .body("group", equalTo(TEST_EMBED_GROUP)).body("refusal", nullValue());
        assertEquals(ends, TopicLog.committed(TEST_EMBED_GROUP), "a dry run moves nothing");

        String replay = asAdmin().contentType(ContentType.JSON).body(offsets).post("/admin/replay").then()
                .statusCode(202).body("method", equalTo("offsets")).body("events", equalTo((int) events))
                .body("status", equalTo("running")).extract().path("replayId");
        assertEquals(starts, TopicLog.committed(TEST_EMBED_GROUP), "the group starts over from the earliest offsets");
        asAdmin().get("/admin/replays/" + replay).then().body("consumed", equalTo(0)).body("status", equalTo("running"));

        TopicLog.commit(TEST_EMBED_GROUP, ends); // the stage consumed it all again
        awaitReplay(replay, "done").body("consumed", equalTo((int) events)).body("chunksAfter", notNullValue());
    }

    @Test
    void theStageInputTopicsGetTheConfiguredRetention() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String topic : List.of(Topics.AUDIO_UPLOADED, Topics.TRANSCRIPT_READY)) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = TopicLog.admin().describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS)
                        .get(resource);
                assertEquals(Long.toString(Duration.ofDays(30).toMillis()), config.get("retention.ms").value(), topic);
            }
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private ValidatableResponse awaitReplay(String replayId, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                asAdmin().get("/admin/replays/" + replayId).then().statusCode(200).body("status", equalTo(status)));
        return asAdmin().get("/admin/replays/" + replayId).then().statusCode(200);
    }

    private <T> List<T> recordsFor(String persona, List<ConsumerRecord<String, String>> records, Class<T> type) {
        return records.stream().filter(r -> persona.equals(r.key())).map(r -> {
            try {
                return json.readValue(r.value(), type);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static TranscriptReady bySource(List<TranscriptReady> events, String sourceId) {
        return events.stream().filter(e -> sourceId.equals(e.sourceId())).findFirst()
                .orElseThrow(() -> new AssertionError("no transcript-ready for " + sourceId + " in " + events));
    }

    private void publish(JobProgress event) throws Exception {
        TopicLog.publish(Topics.JOB_PROGRESS, event.personaId(), json.writeValueAsString(event));
    }

    private void writeTranscript(String owner, String persona, String recordingId) {
        Transcript transcript = new Transcript(recordingId, owner, persona, SourceKind.recording, "speech.wav", "en",
                "pocketsphinx", null, "recording-" + recordingId + "-16k.wav", 3.6, 3.0,
                List.of(TranscriptSegment.spoken(0.2, 3.4, "I grew up by the sea.", "i grew up by the sea", List.of())),
                Instant.now());
        db().getCollection(MemoryCollections.TRANSCRIPTS).insertOne(TranscriptCodec.encode(transcript))
                .await().atMost(Duration.ofSeconds(5));
    }

    /** Chunks as embed-service stores them, as far as a replay's counts read them. */
    private void writeChunks(String owner, String persona, String sourceId, String model, int n) {
        for (int i = 0; i < n; i++) {
            db().getCollection(MemoryCollections.CHUNKS).insertOne(new Document("_id", UUID.randomUUID().toString())
                    .append("ownerId", owner).append("personaId", persona).append("sourceId", sourceId)
                    .append("index", i).append("text", "chunk " + i).append("embeddingModelId", model))
                    .await().atMost(Duration.ofSeconds(5));
        }
    }

    /** {recordingId, jobId} */
    private static String[] uploadRecording(String owner, String persona) {
        var body = asOwner(owner).multiPart("file", "speech.wav", fixture("/audio/speech.wav"), "application/octet-stream")
                .post("/personas/" + persona + "/recordings").then().statusCode(202).extract();
        return new String[] {body.path("recordingId"), body.path("jobId")};
    }

    /** {documentId, jobId} */
    private static String[] uploadDocument(String owner, String persona, String text) {
        var body = asOwner(owner).multiPart("file", "notes.txt", text.getBytes(StandardCharsets.UTF_8),
                "application/octet-stream").post("/personas/" + persona + "/documents").then().statusCode(202)
                .extract();
        return new String[] {body.path("documentId"), body.path("jobId")};
    }

    private static String createPersona(String owner) {
        return asOwner(owner).contentType(ContentType.JSON).body("{\"name\":\"Maya\",\"language\":\"en\"}")
                .post("/personas").then().statusCode(201).extract().path("id");
    }

    private static String newOwner() {
        return "user-" + UUID.randomUUID();
    }

    private static RequestSpecification asOwner(String owner) {
        return given().auth().oauth2(TestTokens.forOwner(owner));
    }

    /** An operator's token: signed like every test token, with the admin group auth-service grants by config. */
    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(Jwt.issuer(TestTokens.ISSUER).subject("operator").upn("operator@example.test")
                .groups(Set.of("user", "admin")).expiresIn(Duration.ofMinutes(30)).jws().keyId("test")
                .sign("persona-test-keys/privateKey.pem"));
    }

    private static void problem(ValidatableResponse response, int status, String code) {
        response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("code", equalTo(code));
    }

    private static byte[] fixture(String path) {
        try (InputStream in = ReplayTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ReactiveMongoDatabase db() {
        return mongo.getDatabase("persona");
    }

    /** A key pair the services do not trust. */
    private static final class ForgedKey {
        static final java.security.PrivateKey PRIVATE;

        static {
            try {
                java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                PRIVATE = generator.generateKeyPair().getPrivate();
            } catch (java.security.GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
