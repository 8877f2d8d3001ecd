package dev.persona.ingest;

import static dev.persona.ingest.Api.as;
import static dev.persona.ingest.Api.assertProblem;
import static dev.persona.ingest.Api.createPersona;
import static dev.persona.ingest.Api.fixture;
import static dev.persona.ingest.Api.newOwner;
import static org.hamcrest.Matchers.startsWith;
import static dev.persona.ingest.Api.upload;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.Topics;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptCodec;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.ingest.domain.Recording;
import dev.persona.ingest.media.MediaStore;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import dev.persona.testing.KafkaProbe;
import dev.persona.testing.PersonaChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class IngestFlowTest {

    @Inject
    ObjectMapper json;

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    MediaStore media;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @TestHTTPResource("/")
    URI base;

    @Test
    void personaLifecycleAndValidation() {
        String owner = newOwner();
        String id = as(owner).contentType(ContentType.JSON)
                .body("{\"name\":\"  Grandpa Joe \",\"description\":\"Sailor\",\"language\":\"en\"}")
                .post("/personas").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/personas/"))
                .body("name", equalTo("Grandpa Joe")).body("id", notNullValue()).extract().path("id");
        as(owner).get("/personas").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
        as(owner).get("/personas/" + id).then().statusCode(200).body("description", equalTo("Sailor"));
        as(owner).contentType(ContentType.JSON).body("{\"description\":\"Sailor and carpenter\"}")
                .patch("/personas/" + id).then().statusCode(200).body("name", equalTo("Grandpa Joe"))
                .body("description", equalTo("Sailor and carpenter"));

        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"name\":{\"$ne\":null}}").post("/personas").then(),
                400, "invalid-field");
        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"name\":\"x\",\"$where\":\"1==1\"}")
                .post("/personas").then(), 400, "invalid-field");
        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"name\":\"" + "n".repeat(101) + "\"}")
                .post("/personas").then(), 400, "validation-failed");
        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"name\":\"   \"}").post("/personas").then(),
                400, "validation-failed");
        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"name\":\"ok\",\"language\":\"english!\"}")
                .post("/personas").then(), 400, "validation-failed");
        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"name\":").post("/personas").then(), 400,
                "malformed-json");
        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"name\":\"\"}").patch("/personas/" + id).then(),
                400, "validation-failed");
        assertProblem(as(owner).contentType(ContentType.JSON).body("{\"ownerId\":\"someone-else\"}")
                .patch("/personas/" + id).then(), 400, "invalid-field");
        assertProblem(io.restassured.RestAssured.given().get("/personas").then(), 401, "unauthorized");
        assertProblem(io.restassured.RestAssured.given().auth().oauth2(TestTokens.expired(owner)).get("/personas")
                .then(), 401, "unauthorized");
        assertProblem(as(owner).get("/personas/does-not-exist").then(), 404, "persona-not-found");
    }

    @Test
    void healthAndMetricsAreExposed() {
        upload(newOwner(), "no-such-persona", "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(404);
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200);
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("persona_ingest_uploads_total"));
    }

    @Test
    void jobsByStageAreCountedFromTheStore() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Counted");
        double before = jobsGauge("uploaded");
        upload(owner, persona, "recordings", "counted.wav", fixture("/audio/speech.wav")).statusCode(202);
        // Nothing consumes audio-uploaded in this service's tests, so the job stays uploaded until it is counted.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> jobsGauge("uploaded") >= before + 1);
        String scraped = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (dev.persona.common.events.JobStage stage : dev.persona.common.events.JobStage.values()) {
            assertTrue(scraped.contains("persona_jobs{stage=\"" + stage.name() + "\"}"), "no gauge for " + stage);
        }
    }

    private double jobsGauge(String stage) {
        io.micrometer.core.instrument.Gauge gauge = meters.find("persona.jobs").tag("stage", stage).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    @ParameterizedTest
    @CsvSource({"speech.wav,wav", "speech.mp3,mp3", "speech.ogg,ogg", "speech.webm,webm", "speech.m4a,m4a",
            "speech.flac,flac"})
    void audioUploadIsStoredAndAnnouncedOnTheBroker(String file, String format) throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Speaker");
        byte[] bytes = fixture("/audio/" + file);
        var accepted = upload(owner, persona, "recordings", "my-" + file, bytes).statusCode(202)
                .contentType(ContentType.JSON).body("recordingId", notNullValue()).body("jobId", notNullValue())
                .extract();
        String recordingId = accepted.path("recordingId");
        String jobId = accepted.path("jobId");

        as(owner).get("/personas/" + persona + "/recordings").then().statusCode(200).body("$", hasSize(1))
                .body("[0].recordingId", equalTo(recordingId)).body("[0].status", equalTo("uploaded"))
                .body("[0].format", equalTo(format)).body("[0].fileName", equalTo("my-" + file))
                .body("[0].durationSec", greaterThan(3.3f)).body("[0].durationSec", lessThan(4.0f));
        as(owner).get("/personas/" + persona + "/jobs/" + jobId).then().statusCode(200)
                .body("stage", equalTo("uploaded")).body("sourceId", equalTo(recordingId))
                .body("progress", equalTo(0.0f)).body("error", nullValue());

        ConsumerRecord<String, String> record = KafkaProbe.await(Topics.AUDIO_UPLOADED,
                r -> r.value().contains(recordingId));
        assertEquals(persona, record.key());
        AudioUploaded event = json.readValue(record.value(), AudioUploaded.class);
        assertEquals(owner, event.ownerId());
        assertEquals(jobId, event.jobId());
        assertEquals(format, event.format());
        assertEquals("en", event.language());
        assertTrue(record.value().length() < 2000, "events carry references, never bytes");
        Recording stored = Recording.<Recording>findById(recordingId).await().atMost(Duration.ofSeconds(5));
        assertEquals(stored.mediaRef, event.mediaRef());
        assertEquals(stored.originalRef, event.originalRef());

        // The normalised media is 16 kHz mono 16-bit wav; the original comes back byte for byte.
        byte[] wav = as(owner).get("/personas/" + persona + "/recordings/" + recordingId + "/audio?start=0&end="
                + stored.durationSec).then().statusCode(200).contentType("audio/wav").extract().asByteArray();
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16000, header.getInt(24));
        assertEquals(1, header.getShort(22));
        assertEquals(16, header.getShort(34));
        byte[] original = as(owner).get("/personas/" + persona + "/recordings/" + recordingId + "/audio").then()
                .statusCode(200).extract().asByteArray();
        assertArrayEquals(bytes, original);
        assertEquals(2L, media.count(owner, persona).await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void clipsHoldExactlyTheAskedSpanOfTheNormalisedAudio() {
        String owner = newOwner();
        String persona = createPersona(owner, "Clipper");
        String rid = upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract().path("recordingId");
        String path = "/personas/" + persona + "/recordings/" + rid + "/audio";
        byte[] whole = clip(owner, path + "?start=0");
        byte[] second = clip(owner, path + "?start=0.5&end=1.5");
        assertEquals(44 + 32000, second.length);
        assertArrayEquals(Arrays.copyOfRange(whole, 44 + 16000, 44 + 48000), Arrays.copyOfRange(second, 44, second.length));

        // A sentence's seconds as a citation carries them: the data is round((end - start) * 16000) samples, +-1.
        byte[] sentence = clip(owner, path + "?start=1.2345&end=2.71828");
        assertEquals(Math.round((2.71828 - 1.2345) * 16000) * 2, sentence.length - 44, 2.0);
        int from = (int) Math.round(1.2345 * 16000) * 2;
        assertArrayEquals(Arrays.copyOfRange(whole, 44 + from, 44 + from + sentence.length - 44),
                Arrays.copyOfRange(sentence, 44, sentence.length));

        // Past the end: clipped to the recording, however far, so a player gets the sentence's last words.
        byte[] tail = clip(owner, path + "?start=3");
        assertArrayEquals(tail, clip(owner, path + "?start=3&end=999"));
        assertArrayEquals(Arrays.copyOfRange(whole, 44 + 3 * 32000, whole.length), Arrays.copyOfRange(tail, 44, tail.length));
        assertArrayEquals(whole, clip(owner, path + "?start=0&end=1e300"));
        byte[] firstSecond = clip(owner, path + "?end=1");
        assertArrayEquals(Arrays.copyOfRange(whole, 44, 44 + 32000), Arrays.copyOfRange(firstSecond, 44, firstSecond.length),
                "start left out: from 0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"start=2&end=1", "start=1&end=1", "start=-1&end=1", "end=-0.5", "start=abc",
            "start=NaN", "end=Infinity", "start=0x10", "start=1f", "end=1e400", "start=999", "start=3.7&end=4",
            "start=1&end=1.00001"})
    void impossibleClipSpansAreBadRequests(String query) {
        String owner = newOwner();
        String persona = createPersona(owner, "Strict clipper");
        String rid = upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract().path("recordingId");
        String path = "/personas/" + persona + "/recordings/" + rid + "/audio";
        assertProblem(as(owner).get(path + "?" + query).then(), 400, "bad-request");
        assertProblem(as(owner).get("/personas/" + persona + "/recordings/nope/audio?start=0&end=1").then(), 404,
                "not-found");
    }

    /** A clip's bytes, after checking it is a 16 kHz mono 16-bit wav whose sizes match what arrived. */
    private static byte[] clip(String owner, String pathAndQuery) {
        var response = as(owner).get(pathAndQuery).then().statusCode(200).contentType("audio/wav")
                .header("Content-Disposition", org.hamcrest.Matchers.containsString(".wav")).extract();
        byte[] wav = response.asByteArray();
        assertEquals(Long.toString(wav.length), response.header("Content-Length"));
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(wav.length - 8, header.getInt(4));
        assertEquals(1, header.getShort(22), "mono");
        assertEquals(16000, header.getInt(24), "16 kHz");
        assertEquals(16, header.getShort(34), "16-bit");
        assertEquals(wav.length - 44, header.getInt(40), "data size");
        return wav;
    }

    @Test
    void pdfAndMailAreExtractedCleanedStoredAndAnnounced() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Writer");

        String pdfId = upload(owner, persona, "documents", "memoir.pdf", Fixtures.pdf()).statusCode(202)
                .body("jobId", notNullValue()).body("status", equalTo("transcribed")).body("pages", equalTo(2))
                .extract().path("documentId");
        as(owner).get("/personas/" + persona + "/documents/" + pdfId + "/transcript").then().statusCode(200)
                .body("documentId", equalTo(pdfId)).body("engine", equalTo("pdfbox"))
                .body("segments", hasSize(2)).body("segments[0].page", equalTo(1))
                .body("segments[0].text", equalTo(Fixtures.PDF_PAGE_1)).body("segments[1].page", equalTo(2))
                .body("segments[1].text", equalTo(Fixtures.PDF_PAGE_2)).body("segments[0].startSec", nullValue())
                .body("segments[0]", hasKey("startSec")).body("segments[0]", hasKey("endSec"))
                .body("segments[0]", not(hasKey("words"))).body("segments[0]", not(hasKey("rawText")))
                .body("$", not(hasKey("durationSec"))).body("$", not(hasKey("recordingId")));

        var mail = upload(owner, persona, "documents", "reply.eml", Fixtures.eml().getBytes(StandardCharsets.UTF_8))
                .statusCode(202).body("format", equalTo("eml")).extract();
        String mailId = mail.path("documentId");
        String mailJob = mail.path("jobId");

        Document transcript = mongo.getDatabase("persona").getCollection("transcripts")
                .find(Filters.and(Filters.eq("_id", mailId), Filters.eq("ownerId", owner),
                        Filters.eq("personaId", persona))).collect().first().await().atMost(Duration.ofSeconds(5));
        assertEquals(Transcript.SCHEMA_VERSION, transcript.getInteger("schemaVersion"), "written by TranscriptCodec");
        Transcript stored = TranscriptCodec.decode(transcript);
        assertEquals(SourceKind.document, stored.sourceKind());
        assertEquals(mailId, stored.sourceId());
        assertEquals("reply.eml", stored.sourceName());
        assertEquals("eml", stored.format());
        assertEquals("en", stored.language());
        assertTrue(stored.createdAt() != null);
        assertEquals(List.of(TranscriptSegment.written(null, Fixtures.MAIL_OWN_WORDS)), stored.segments());
        assertFalse(transcript.toJson().contains("confidential"));
        assertFalse(transcript.toJson().contains("noon"));

        ConsumerRecord<String, String> record = KafkaProbe.await(Topics.TRANSCRIPT_READY, r -> r.value().contains(mailId));
        assertEquals(persona, record.key());
        TranscriptReady event = json.readValue(record.value(), TranscriptReady.class);
        assertEquals(SourceKind.document, event.sourceKind());
        assertEquals(mailId, event.transcriptId());
        assertEquals(mailJob, event.jobId());
        assertEquals(owner, event.ownerId());

        as(owner).get("/personas/" + persona + "/documents").then().statusCode(200).body("$", hasSize(2))
                .body("status", org.hamcrest.Matchers.everyItem(equalTo("transcribed")));
        as(owner).get("/personas/" + persona + "/jobs/" + mailJob).then().statusCode(200)
                .body("stage", equalTo("transcribed")).body("sourceKind", equalTo("document"));
    }

    @Test
    void jobProgressFromTheBrokerMovesTheJobForwardAndStreamsOverSse() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Streamer");
        var accepted = upload(owner, persona, "recordings", "a.mp3", fixture("/audio/speech.mp3")).statusCode(202)
                .extract();
        String rid = accepted.path("recordingId");
        String jobId = accepted.path("jobId");

        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/personas/" + persona + "/jobs/" + jobId + "/events"))
                .header("Authorization", "Bearer " + TestTokens.forOwner(owner))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> stream = response.thenAccept(r -> {
            assertEquals(200, r.statusCode());
            r.body().filter(line -> line.startsWith("data:")).forEach(line -> {
                try {
                    events.add(json.readTree(line.substring(5).strip()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> !events.isEmpty());
        assertEquals("uploaded", events.get(0).get("stage").asText());

        progress(owner, persona, jobId, rid, JobStage.transcribing, 0.2);
        // Awaited on the stream itself: it polls the record, so a stage the job leaves within one poll may not show.
        await().atMost(Duration.ofSeconds(15)).until(() -> events.stream()
                .anyMatch(e -> e.get("stage").asText().equals("transcribing")));
        progress(owner, persona, jobId, rid, JobStage.transcribed, 0.5);
        progress(owner, persona, jobId, rid, JobStage.embedding, 0.7);
        progress(owner, persona, jobId, rid, JobStage.ready, 1.0);
        stream.get(20, TimeUnit.SECONDS);

        List<String> stages = events.stream().map(e -> e.get("stage").asText()).toList();
        assertEquals("ready", stages.get(stages.size() - 1), stages.toString());
        assertTrue(stages.contains("transcribing"), stages.toString());
        List<Integer> order = new ArrayList<>(stages.stream().map(s -> JobStage.valueOf(s).ordinal()).toList());
        assertEquals(order.stream().sorted().toList(), order, "stages only move forward: " + stages);

        as(owner).get("/personas/" + persona + "/jobs/" + jobId).then().statusCode(200).body("stage", equalTo("ready"))
                .body("progress", equalTo(1.0f));
        as(owner).get("/personas/" + persona + "/recordings/" + rid).then().body("status", equalTo("ready"));

        // A replayed, older event does not roll the job back. A later event on the same key (same partition) for
        // another job proves the stale one was consumed first.
        String rid2 = upload(owner, persona, "recordings", "b.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract().path("recordingId");
        String job2 = as(owner).get("/personas/" + persona + "/recordings/" + rid2).then().extract().path("jobId");
        progress(owner, persona, jobId, rid, JobStage.transcribing, 0.3);
        publish(JobProgress.failed(owner, persona, job2, rid2, "Speech recogniser crashed"));
        await().atMost(Duration.ofSeconds(15)).until(() -> stageOf(owner, persona, job2).equals("failed"));
        assertEquals("ready", stageOf(owner, persona, jobId));
        as(owner).get("/personas/" + persona + "/jobs/" + job2).then().body("error", equalTo("Speech recogniser crashed"));
        as(owner).get("/personas/" + persona + "/recordings/" + rid2).then().body("status", equalTo("failed"))
                .body("error", equalTo("Speech recogniser crashed"));

        // A finished job's stream sends its state once and ends.
        String finished = as(owner).accept("text/event-stream")
                .get("/personas/" + persona + "/jobs/" + jobId + "/events").then().statusCode(200).extract().asString();
        assertEquals(1, finished.lines().filter(l -> l.startsWith("data:")).count(), finished);
    }

    @Test
    void unreadableProgressIsDeadLetteredAndForeignProgressSkippedWithoutStoppingTheConsumer() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Robust");
        var accepted = upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract();
        String rid = accepted.path("recordingId");
        String jobId = accepted.path("jobId");
        KafkaProbe.publish(Topics.JOB_PROGRESS, persona, "this is not json");
        // JSON, but naming no job: nobody's job to move, so it is unreadable too.
        KafkaProbe.publish(Topics.JOB_PROGRESS, persona, "{\"schemaVersion\":1,\"ownerId\":\"" + owner
                + "\",\"personaId\":\"" + persona + "\",\"stage\":\"ready\",\"sourceId\":\"" + rid + "\"}");
        // Someone else's owner id on this job: it must not move it (readable, and ignored).
        publish(JobProgress.of(newOwner(), persona, jobId, rid, JobStage.ready, 1.0));
        progress(owner, persona, jobId, rid, JobStage.transcribing, 0.4);
        await().atMost(Duration.ofSeconds(15)).until(() -> stageOf(owner, persona, jobId).equals("transcribing"));
        as(owner).get("/personas/" + persona + "/jobs/" + jobId).then().body("progress", equalTo(0.4f));

        String dlq = Topics.deadLetter(Topics.JOB_PROGRESS);
        KafkaProbe.await(dlq, r -> persona.equals(r.key()) && (r.value() == null || !r.value().contains(rid)));
        KafkaProbe.await(dlq, r -> persona.equals(r.key()) && r.value() != null && r.value().contains(rid));
    }

    @Test
    void progressThatCannotBeRecordedFailsTheJobWithTheReasonAfterAFlatNumberOfAttemptsAndIsDeadLettered()
            throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Unlucky");
        var accepted = upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract();
        String rid = accepted.path("recordingId");
        String jobId = accepted.path("jobId");
        int checksBefore = PersonaChecks.checks(persona);
        PersonaChecks.failNext(persona, 100);
        progress(owner, persona, jobId, rid, JobStage.transcribing, 0.3);

        await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(owner, persona, jobId).equals("failed"));
        as(owner).get("/personas/" + persona + "/jobs/" + jobId).then()
                .body("error", startsWith("The job's progress could not be recorded: injected failure"));
        as(owner).get("/personas/" + persona + "/recordings/" + rid).then().body("status", equalTo("failed"));
        var dead = KafkaProbe.await(Topics.deadLetter(Topics.JOB_PROGRESS),
                r -> persona.equals(r.key()) && r.value() != null && r.value().contains(jobId));
        assertTrue(KafkaProbe.header(dead, "dead-letter-reason").orElse("").contains("injected failure"));
        // JobService.apply's one policy (3 retries) and nothing around it.
        assertEquals(4, PersonaChecks.checks(persona) - checksBefore);
    }

    @Test
    void aTransientFailureRecordingProgressIsRetriedAndTheJobMoves() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Blip");
        var accepted = upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract();
        String rid = accepted.path("recordingId");
        String jobId = accepted.path("jobId");
        int checksBefore = PersonaChecks.checks(persona);
        PersonaChecks.failNext(persona, 2);
        progress(owner, persona, jobId, rid, JobStage.transcribing, 0.3);
        await().atMost(Duration.ofSeconds(20)).until(() -> stageOf(owner, persona, jobId).equals("transcribing"));
        assertEquals(3, PersonaChecks.checks(persona) - checksBefore);
    }

    @Test
    void transcriptIsServedOnceTranscribeServiceWroteItWithUtterancesAndWords() {
        String owner = newOwner();
        String persona = createPersona(owner, "Teller");
        String rid = upload(owner, persona, "recordings", "a.ogg", fixture("/audio/speech.ogg")).statusCode(202)
                .extract().path("recordingId");
        String path = "/personas/" + persona + "/recordings/" + rid + "/transcript";
        assertProblem(as(owner).get(path).then(), 404, "not-found");

        List<TranscriptSegment> utterances = List.of(
                TranscriptSegment.spoken(0.12, 1.5, "I grew up by the sea.", "i grew up by the sea",
                        List.of(new SpokenWord("i", 0.12, 0.2), new SpokenWord("grew", 0.2, 0.5),
                                new SpokenWord("up", 0.5, 0.62), new SpokenWord("by", 0.62, 0.8),
                                new SpokenWord("the", 0.8, 0.9), new SpokenWord("sea", 0.9, 1.5))),
                TranscriptSegment.spoken(1.8, 3.2, "And every summer we sailed.", "and every summer we sailed",
                        List.of(new SpokenWord("and", 1.8, 2.0), new SpokenWord("sailed", 2.7, 3.2))));
        insertTranscript(new Transcript(rid, owner, persona, SourceKind.recording, "a.ogg", "en", "test-engine", null,
                "recording-" + rid + "-16k.wav", 3.65, 2.9, utterances, java.time.Instant.now()));

        as(owner).get(path).then().statusCode(200).body("recordingId", equalTo(rid)).body("language", equalTo("en"))
                .body("engine", equalTo("test-engine")).body("durationSec", equalTo(3.65f))
                .body("$", not(hasKey("documentId"))).body("segments", hasSize(2))
                .body("segments[0].startSec", equalTo(0.12f)).body("segments[0].endSec", equalTo(1.5f))
                .body("segments[0].text", equalTo("I grew up by the sea."))
                .body("segments[0].rawText", equalTo("i grew up by the sea"))
                .body("segments[0].words", hasSize(6)).body("segments[0].words[1].text", equalTo("grew"))
                .body("segments[0].words[1].startSec", equalTo(0.2f)).body("segments[0].words[1].endSec", equalTo(0.5f))
                .body("segments[0]", not(hasKey("page")))
                .body("segments[1].startSec", equalTo(1.8f)).body("segments[1].text", equalTo("And every summer we sailed."));
    }

    @Test
    void aVersionOneTranscriptStillReadsWithTheRecordingsDuration() {
        String owner = newOwner();
        String persona = createPersona(owner, "Old teller");
        var accepted = upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract();
        String rid = accepted.path("recordingId");
        float duration = accepted.path("durationSec");
        // As transcribe-service wrote them before TranscriptCodec: explicit null pages, no words, no durations.
        mongo.getDatabase("persona").getCollection("transcripts").insertOne(new Document("_id", rid)
                .append("ownerId", owner).append("personaId", persona).append("sourceId", rid)
                .append("sourceKind", "recording").append("language", "en").append("engine", "old-engine")
                .append("segments", List.of(new Document("startSec", 0).append("endSec", 1.5).append("page", null)
                        .append("text", "I grew up by the sea"))))
                .await().atMost(Duration.ofSeconds(5));

        as(owner).get("/personas/" + persona + "/recordings/" + rid + "/transcript").then().statusCode(200)
                .body("engine", equalTo("old-engine")).body("durationSec", equalTo(duration))
                .body("segments", hasSize(1)).body("segments[0].startSec", equalTo(0.0f))
                .body("segments[0].text", equalTo("I grew up by the sea"))
                .body("segments[0]", not(hasKey("words"))).body("segments[0]", not(hasKey("rawText")))
                .body("segments[0]", not(hasKey("page")));
    }

    private void insertTranscript(Transcript transcript) {
        mongo.getDatabase("persona").getCollection("transcripts").insertOne(TranscriptCodec.encode(transcript))
                .await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void deletingAPersonaRemovesEverythingItOwnsAndReportsCounts() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Leaving");
        String other = createPersona(owner, "Staying");
        String rid = upload(owner, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202)
                .extract().path("recordingId");
        upload(owner, persona, "documents", "note.txt", "My own note about boats.".getBytes()).statusCode(202);
        upload(owner, other, "documents", "keep.txt", "This one stays.".getBytes()).statusCode(202);
        var db = mongo.getDatabase("persona");
        for (String collection : List.of("chunks", "chat_sessions", "chat_messages")) {
            db.getCollection(collection).insertOne(new Document("_id", persona + "-" + collection)
                    .append("ownerId", owner).append("personaId", persona).append("text", "x"))
                    .await().atMost(Duration.ofSeconds(5));
        }
        db.getCollection("transcripts").insertOne(new Document("_id", rid).append("ownerId", owner)
                .append("personaId", persona).append("sourceId", rid).append("segments", List.of()))
                .await().atMost(Duration.ofSeconds(5));

        as(owner).delete("/personas/" + persona).then().statusCode(200).body("personaId", equalTo(persona))
                .body("deleted.recordings", equalTo(1)).body("deleted.documents", equalTo(1))
                .body("deleted.media", equalTo(3)).body("deleted.jobs", equalTo(2))
                .body("deleted.transcripts", equalTo(2)).body("deleted.chunks", equalTo(1))
                .body("deleted.chatSessions", equalTo(1)).body("deleted.chatMessages", equalTo(1))
                .body("deleted.personas", equalTo(1));

        assertProblem(as(owner).get("/personas/" + persona).then(), 404, "persona-not-found");
        for (String collection : List.of("recordings", "documents", "jobs", "transcripts", "chunks", "chat_sessions",
                "chat_messages")) {
            assertEquals(0L, db.getCollection(collection).countDocuments(Filters.eq("personaId", persona)).await()
                    .atMost(Duration.ofSeconds(5)), collection);
        }
        assertEquals(0L, media.count(owner, persona).await().atMost(Duration.ofSeconds(5)));
        as(owner).get("/personas/" + other + "/documents").then().statusCode(200).body("$", hasSize(1));
        assertEquals(1L, media.count(owner, other).await().atMost(Duration.ofSeconds(5)));
        assertProblem(as(owner).delete("/personas/" + persona).then(), 404, "persona-not-found");
    }

    private String stageOf(String owner, String persona, String jobId) {
        return as(owner).get("/personas/" + persona + "/jobs/" + jobId).then().statusCode(200).extract().path("stage");
    }

    private void progress(String owner, String persona, String jobId, String sourceId, JobStage stage, double p)
            throws Exception {
        publish(JobProgress.of(owner, persona, jobId, sourceId, stage, p));
    }

    private void publish(JobProgress event) throws Exception {
        KafkaProbe.publish(Topics.JOB_PROGRESS, event.personaId(), json.writeValueAsString(event));
    }

}
