package dev.persona.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.persona.common.memory.ChunkCodec;
import dev.persona.common.memory.ChunkSentence;
import dev.persona.common.memory.MemoryChunk;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sample persona goes through the real pipeline: gateway, ingest, Kafka, transcribe (the offline engine),
 * embed (ONNX), chat. Every service is its own JVM, as in production.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
    private static RunningSystem system;
    private static Api owner;
    private static String personaId;
    private static MongoClient mongo;
    /** file name -> source id (recording or document id) */
    private static final Map<String, String> sources = new LinkedHashMap<>();
    private static final Map<String, String> jobs = new LinkedHashMap<>();

    @BeforeAll
    static void startSystem() {
        system = RunningSystem.get();
        owner = Api.newOwner(system.baseUrl());
        mongo = MongoClients.create(system.mongoUri());
        personaId = owner.request().contentType(ContentType.JSON)
                .body(Map.of("name", "Maya Lindqvist", "description", "Sample persona", "language", "en"))
                .post("/personas").then().statusCode(201).extract().path("id");
    }

    @AfterAll
    static void closeClient() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    @Order(1)
    void everySampleUploadBecomesReadyWithCitableChunks() throws Exception {
        for (Path file : list(system.samples().resolve("recordings"))) {
            JsonPath body = owner.request().multiPart("file", file.toFile())
                    .post("/personas/" + personaId + "/recordings").then().statusCode(202).extract().jsonPath();
            sources.put(file.getFileName().toString(), body.getString("recordingId"));
            jobs.put(file.getFileName().toString(), body.getString("jobId"));
        }
        for (Path file : list(system.samples().resolve("documents"))) {
            JsonPath body = owner.request().multiPart("file", file.toFile())
                    .post("/personas/" + personaId + "/documents").then().statusCode(202).extract().jsonPath();
            sources.put(file.getFileName().toString(), body.getString("documentId"));
            jobs.put(file.getFileName().toString(), body.getString("jobId"));
        }
        assertEquals(5, jobs.size());

        // One job is followed through its server-sent events, as a client would.
        String firstJob = jobs.values().iterator().next();
        List<String> stages = followEvents(firstJob);
        assertEquals("ready", stages.get(stages.size() - 1), "stages seen: " + stages);

        for (Map.Entry<String, String> job : jobs.entrySet()) {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String stage = owner.request().get("/personas/" + personaId + "/jobs/" + job.getValue()).then()
                        .statusCode(200).extract().path("stage");
                assertFalse("failed".equals(stage), job.getKey() + " failed: " + owner.request()
                        .get("/personas/" + personaId + "/jobs/" + job.getValue()).asString());
                return "ready".equals(stage);
            });
        }

        MongoCollection<Document> chunks = chunks();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            List<Document> ofSource = chunks.find(Filters.and(Filters.eq("personaId", personaId),
                    Filters.eq("sourceId", source.getValue()))).into(new ArrayList<>());
            assertFalse(ofSource.isEmpty(), "no chunks for " + source.getKey());
            for (Document chunk : ofSource) {
                assertEquals(source.getKey(), chunk.getString("sourceName"));
                if (source.getKey().endsWith(".pdf")) {
                    assertTrue(chunk.get("page") instanceof Number, "pdf chunk without page: " + chunk.toJson());
                }
                MemoryChunk decoded = ChunkCodec.decode(chunk);
                assertFalse(decoded.sentences().isEmpty(), "chunk without sentences: " + decoded.id());
                if (source.getKey().matches(".*\\.(wav|mp3|ogg)")) {
                    double start = decoded.startSec();
                    double end = decoded.endSec();
                    assertTrue(start >= 0 && end > start && end < 30, "bad times " + start + "-" + end);
                    for (ChunkSentence sentence : decoded.sentences()) {
                        assertTrue(sentence.startSec() >= start && sentence.endSec() <= end
                                && sentence.endSec() > sentence.startSec(), "sentence outside its chunk: " + chunk.toJson());
                    }
                }
            }
        }
        // The transcript of a recording carries timed segments.
        String sailing = sources.get("01-sailing-with-grandfather.wav");
        owner.request().get("/personas/" + personaId + "/recordings/" + sailing + "/transcript").then()
                .statusCode(200).body("segments.size()", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    @Order(2)
    void chatCitesTheRecordingThatHoldsTheAnswer() {
        // Recordings pass through a speech recogniser (~20% word errors on this voice), so the answer must hold
        // some of the recording's distinctive words, not one chosen word.
        assertCited("Where did you learn to sail?", "01-sailing-with-grandfather.wav", "grandfather", "sail", "boat",
                "harbour", "wind");
        assertCited("What was the hardest bridge you worked on?", "02-the-arch-bridge.mp3", "bridge", "river", "clay",
                "concrete", "piles", "winter");
        assertCited("How do you make your cardamom buns?", "03-cardamom-buns.ogg", "cardamom", "butter", "yeast",
                "milk", "dough", "rise");
        assertCited("When did you first walk the Kungsleden?", "04-hiking-plans.eml", "1987");
        assertCited("Why do you play the violin?", "05-why-i-play-the-violin.pdf", "violin");

        JsonPath refusal = owner.request().contentType(ContentType.JSON)
                .body(Map.of("message", "What is your opinion on cryptocurrency regulation in Brazil?"))
                .post("/personas/" + personaId + "/chat").then().statusCode(200).extract().jsonPath();
        assertTrue(refusal.getList("citations").isEmpty(), "refusal with citations: " + refusal.prettify());
        assertFalse(refusal.getString("answer").toLowerCase(Locale.ROOT).contains("brazil"),
                "the refusal repeats made-up content: " + refusal.getString("answer"));
    }

    private void assertCited(String question, String expectedFile, String... keyWords) {
        JsonPath reply = owner.request().contentType(ContentType.JSON).body(Map.of("message", question))
                .post("/personas/" + personaId + "/chat").then().statusCode(200).extract().jsonPath();
        List<String> cited = reply.getList("citations.sourceId");
        List<String> top3 = cited.subList(0, Math.min(3, cited.size()));
        assertTrue(top3.contains(sources.get(expectedFile)), question + " -> " + reply.prettify());
        String answer = reply.getString("answer").toLowerCase(Locale.ROOT);
        assertTrue(Stream.of(keyWords).anyMatch(answer::contains), question + " -> " + reply.getString("answer"));
    }

    @Test
    @Order(2)
    void aQuestionAskedByVoiceIsTranscribedAndAnsweredInTheRecordingsOwnVoice() throws Exception {
        byte[] question;
        try (InputStream in = getClass().getResourceAsStream("/questions/where-did-you-learn-to-sail.webm")) {
            question = in.readAllBytes();
        }
        // A browser's MediaRecorder sends webm/opus: flite saying "Where did you learn to sail?".
        JsonPath reply = owner.request().multiPart("audio", "question.webm", question, "audio/webm")
                .post("/personas/" + personaId + "/voice-chat").then().statusCode(200).extract().jsonPath();
        String heard = reply.getString("transcription").toLowerCase(Locale.ROOT);
        assertTrue(heard.contains("sail"), reply.prettify());
        assertEquals(sources.get("01-sailing-with-grandfather.wav"), reply.getString("citations[0].sourceId"),
                reply.prettify());
        for (String step : List.of("decode_ms", "vad_ms", "transcribe_ms", "retrieve_ms", "generate_ms", "tts_ms",
                "total_ms")) {
            assertTrue(reply.getLong("timings." + step) >= 0, step + ": " + reply.prettify());
        }
        assertTrue(reply.getLong("timings.transcribe_ms") > 0, reply.prettify());

        // The answer comes back as audio cut from the cited recording: as long as its cited sentences, plus pauses.
        byte[] wav = owner.request().get(reply.getString("audioUrl")).then().statusCode(200)
                .contentType("audio/wav").extract().asByteArray();
        List<Map<String, Object>> citations = reply.getList("citations");
        List<Map<String, Object>> recorded = citations.stream().filter(c -> "recording".equals(c.get("kind"))).toList();
        double cited = recorded.stream().mapToDouble(c -> ((Number) c.get("endSec")).doubleValue()
                - ((Number) c.get("startSec")).doubleValue()).sum();
        double seconds = (wav.length - 44) / 32000.0;
        assertTrue(seconds >= cited - 0.05, seconds + " s of audio for " + cited + " s cited: " + reply.prettify());
        if (recorded.size() == citations.size()) {
            assertTrue(seconds <= cited + 0.3 * citations.size() + 0.05,
                    seconds + " s of audio for " + cited + " s cited: " + reply.prettify());
        }

        owner.request().multiPart("audio", "notes.webm", "not audio at all".getBytes(StandardCharsets.UTF_8),
                "audio/webm").post("/personas/" + personaId + "/voice-chat").then().statusCode(415)
                .body("code", equalTo("unsupported-format"));
    }

    @Test
    @Order(2)
    void aQuestionAboutTheMiddleSentenceOfARecordingCitesThatSentencesSecondsAndItsClipPlays() {
        // "The hardest bridge I ever worked on was a steel arch over the river in the north. The ground was soft
        // clay, so we had to drive the piles very deep. In the winter the concrete would not cure, ..."
        String bridge = sources.get("02-the-arch-bridge.mp3");
        JsonPath transcript = owner.request().get("/personas/" + personaId + "/recordings/" + bridge + "/transcript")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> segments = transcript.getList("segments");
        assertTrue(segments.size() >= 3, "one recording, one segment per sentence: " + segments);
        double previousEnd = -1;
        for (Map<String, Object> segment : segments) {
            double start = ((Number) segment.get("startSec")).doubleValue();
            double end = ((Number) segment.get("endSec")).doubleValue();
            assertTrue(start > previousEnd && end > start, "increasing seconds: " + segments);
            previousEnd = end;
        }
        Map<String, Object> middle = segments.stream()
                .filter(s -> Stream.of("clay", "piles", "ground", "deep").anyMatch(
                        w -> String.valueOf(s.get("rawText")).contains(w)))
                .findFirst().orElseThrow(() -> new AssertionError("no segment about the ground: " + segments));
        double middleStart = ((Number) middle.get("startSec")).doubleValue();
        double middleEnd = ((Number) middle.get("endSec")).doubleValue();
        assertTrue(middleStart > ((Number) segments.get(0).get("endSec")).doubleValue() - 0.01,
                "the ground sentence is not the first: " + segments);

        JsonPath reply = owner.request().contentType(ContentType.JSON)
                .body(Map.of("message", "What was the soil like where you built the arch over the river?"))
                .post("/personas/" + personaId + "/chat").then().statusCode(200).extract().jsonPath();
        assertEquals(bridge, reply.getString("citations[0].sourceId"), reply.prettify());
        double citedStart = reply.getDouble("citations[0].startSec");
        double citedEnd = reply.getDouble("citations[0].endSec");
        assertEquals(middleStart, citedStart, 0.01, reply.prettify());
        assertEquals(middleEnd, citedEnd, 0.01, reply.prettify());
        assertTrue(reply.getString("answer").split("(?<=[.!?])\\s+").length <= 3, reply.getString("answer"));

        byte[] clip = owner.request().queryParam("start", citedStart).queryParam("end", citedEnd)
                .get("/personas/" + personaId + "/recordings/" + bridge + "/audio").then().statusCode(200)
                .contentType("audio/wav").extract().asByteArray();
        long expectedData = Math.round(citedEnd * 16000) * 2 - Math.round(citedStart * 16000) * 2;
        assertEquals(44 + expectedData, clip.length, "a wav of exactly the cited seconds");
    }

    @Test
    @Order(2)
    void oneUploadIsOneTraceFromIngestThroughTranscribeToEmbed() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records;
        try (TopicReplayer topics = new TopicReplayer(system.kafkaBootstrap())) {
            records = topics.readAll(List.of("audio-uploaded", "transcript-ready", "chunks-embedded"));
        }
        Map<String, Set<String>> traceIdsByJob = new LinkedHashMap<>();
        Map<String, Set<String>> topicsByJob = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String job = JsonPath.from(new String(record.value(), StandardCharsets.UTF_8)).getString("jobId");
            Header traceparent = record.headers().lastHeader("traceparent");
            assertTrue(traceparent != null, record.topic() + " record of job " + job + " carries no trace context");
            // W3C traceparent: version-traceid-parentid-flags
            String traceId = new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
            traceIdsByJob.computeIfAbsent(job, j -> new HashSet<>()).add(traceId);
            topicsByJob.computeIfAbsent(job, j -> new HashSet<>()).add(record.topic());
        }
        String sailingJob = jobs.get("01-sailing-with-grandfather.wav");
        assertEquals(Set.of("audio-uploaded", "transcript-ready", "chunks-embedded"), topicsByJob.get(sailingJob));
        for (String job : jobs.values()) {
            assertEquals(1, traceIdsByJob.get(job).size(), "one trace for every hop of job " + job + ": "
                    + traceIdsByJob.get(job));
        }
        Set<String> distinct = jobs.values().stream().map(j -> traceIdsByJob.get(j).iterator().next())
                .collect(Collectors.toSet());
        assertEquals(jobs.size(), distinct.size(), "each upload is its own trace: " + traceIdsByJob);
    }

    @Test
    @Order(3)
    void replayingEveryTopicConvergesToTheSameState() throws Exception {
        Set<String> chunkIdsBefore = chunkIds();
        long transcriptsBefore = mongo.getDatabase("persona").getCollection("transcripts")
                .countDocuments(Filters.eq("personaId", personaId));
        assertFalse(chunkIdsBefore.isEmpty());

        try (TopicReplayer replayer = new TopicReplayer(system.kafkaBootstrap())) {
            int replayed = replayer.replay(List.of("audio-uploaded", "transcript-ready", "chunks-embedded", "job-progress"));
            assertTrue(replayed >= 10, "replayed only " + replayed + " records");
            replayer.awaitConsumersCaughtUp(Duration.ofMinutes(4));
        }

        assertEquals(chunkIdsBefore, chunkIds());
        assertEquals(transcriptsBefore, mongo.getDatabase("persona").getCollection("transcripts")
                .countDocuments(Filters.eq("personaId", personaId)));
        for (String job : jobs.values()) {
            owner.request().get("/personas/" + personaId + "/jobs/" + job).then().statusCode(200)
                    .body("stage", equalTo("ready"));
        }
        assertCited("How do you make your cardamom buns?", "03-cardamom-buns.ogg", "butter", "yeast", "milk");
    }

    @Test
    @Order(4)
    void anotherOwnerGets404OnEveryRouteOfThePersona() {
        Api intruder = Api.newOwner(system.baseUrl());
        String recording = sources.get("01-sailing-with-grandfather.wav");
        String job = jobs.values().iterator().next();
        List<String> gets = List.of("/personas/" + personaId, "/personas/" + personaId + "/recordings",
                "/personas/" + personaId + "/documents", "/personas/" + personaId + "/jobs/" + job,
                "/personas/" + personaId + "/recordings/" + recording + "/transcript",
                "/personas/" + personaId + "/recordings/" + recording + "/audio",
                "/personas/" + personaId + "/sessions", "/personas/" + personaId + "/history");
        for (String path : gets) {
            intruder.request().get(path).then().statusCode(404).contentType("application/problem+json");
        }
        intruder.request().contentType(ContentType.JSON).body(Map.of("message", "Where did you learn to sail?"))
                .post("/personas/" + personaId + "/chat").then().statusCode(404);
        intruder.request().multiPart("audio", "q.wav", new byte[] {1, 2, 3}, "audio/wav")
                .post("/personas/" + personaId + "/voice-chat").then().statusCode(404)
                .contentType("application/problem+json");
        intruder.request().delete("/personas/" + personaId + "/history").then().statusCode(404);
        intruder.request().delete("/personas/" + personaId).then().statusCode(404);
        intruder.request().get("/personas").then().statusCode(200).body("size()", equalTo(0));
        // The owner still has everything.
        owner.request().get("/personas/" + personaId).then().statusCode(200);
    }

    private List<String> followEvents(String jobId) throws Exception {
        List<String> stages = new ArrayList<>();
        InputStream stream = owner.request().accept("text/event-stream")
                .get("/personas/" + personaId + "/jobs/" + jobId + "/events").then().statusCode(200).extract()
                .asInputStream();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    String stage = JsonPath.from(line.substring(5).trim()).getString("stage");
                    if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(stage)) {
                        stages.add(stage);
                    }
                    if ("ready".equals(stage) || "failed".equals(stage)) {
                        break;
                    }
                }
            }
        }
        return stages;
    }

    private static MongoCollection<Document> chunks() {
        return mongo.getDatabase("persona").getCollection("chunks");
    }

    private static Set<String> chunkIds() {
        Set<String> ids = new HashSet<>();
        chunks().find(Filters.eq("personaId", personaId)).forEach(d -> ids.add(String.valueOf(d.get("_id"))));
        return ids;
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

}
