package dev.persona.embed.messaging;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.TranscriptReady;
import dev.persona.embed.service.EmbeddingEngine;
import dev.persona.embed.service.Outcome;
import dev.persona.embed.service.TranscriptEmbedder;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stage end to end: transcripts in the MongoDB-wire server, {@code transcript-ready} on the real Kafka broker,
 * real ONNX embeddings, and what comes out on {@code chunks}, {@code chunks-embedded}, {@code job-progress} and the
 * dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class TranscriptReadyFlowTest {
    private static final String MODEL = "all-minilm-l6-v2-q";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern STORY = Pattern.compile("Story (\\d+) ");
    private static final Pattern NOTE = Pattern.compile("note (\\d+)-(\\d+)");

    private static TopicRecorder recorder;
    private static KafkaProducer<String, String> producer;

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    @Inject
    EmbeddingEngine engine;

    @Inject
    TranscriptEmbedder embedder;

    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void connect() {
        if (recorder == null) {
            String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
            recorder = new TopicRecorder(bootstrap,
                    List.of("job-progress", "chunks-embedded", "transcript-ready-dlq"));
            Properties props = new Properties();
            props.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.ACKS_CONFIG, "all"));
            producer = new KafkaProducer<>(props);
        }
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    private MongoCollection<Document> collection(String name) {
        return mongo.getDatabase("persona").getCollection(name);
    }

    private String persona(String ownerId) {
        String id = UUID.randomUUID().toString();
        collection("personas").insertOne(new Document("_id", id).append("ownerId", ownerId).append("name", "Grandpa")
                .append("language", "en").append("createdAt", java.util.Date.from(Instant.now())));
        return id;
    }

    private void transcript(String ownerId, String personaId, String sourceId, SourceKind kind, String name,
            List<Document> segments) {
        collection("transcripts").replaceOne(eq("_id", sourceId), new Document("_id", sourceId)
                .append("ownerId", ownerId).append("personaId", personaId).append("sourceId", sourceId)
                .append("sourceKind", kind.name()).append("sourceName", name).append("language", "en")
                .append("engine", "test").append("segments", segments),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    private static Document segment(Double start, Double end, Integer page, String text) {
        return new Document("startSec", start).append("endSec", end).append("page", page).append("text", text);
    }

    /** 40 timed segments of spoken memories with fillers, markers and stutters, "Story N" marking each. */
    private static List<Document> spokenSegments(int count) {
        List<Document> segments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            segments.add(segment(i * 8.0, i * 8.0 + 7.25, null, "Um, Story " + i + " is about the harbour where my my"
                    + " grandfather mended nets [noise] in the winter of 19" + (40 + i) + ", and uh the gulls"
                    + " followed the boats home."));
        }
        return segments;
    }

    private static List<Document> pages(int count) {
        List<Document> segments = new ArrayList<>();
        for (int p = 1; p <= count; p++) {
            StringBuilder text = new StringBuilder();
            for (int k = 1; k <= 6; k++) {
                text.append("In note ").append(p).append('-').append(k)
                        .append(" I wrote that the village school had a single classroom heated by a wood stove.");
                text.append(k == 3 ? "\n\n" : " ");
            }
            segments.add(segment(null, null, p, text.toString().strip()));
        }
        return segments;
    }

    private void publish(TranscriptReady event) throws Exception {
        producer.send(new ProducerRecord<>("transcript-ready", event.personaId(), json.writeValueAsString(event)))
                .get();
    }

    private List<Document> chunks(String ownerId, String personaId, String sourceId) {
        return collection("chunks").find(and(eq("ownerId", ownerId), eq("personaId", personaId),
                eq("sourceId", sourceId))).sort(Sorts.ascending("embeddingModelId", "index")).into(new ArrayList<>());
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static double norm(List<Double> vector) {
        return Math.sqrt(vector.stream().mapToDouble(v -> v * v).sum());
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot; // both unit length
    }

    private double counter(String outcome) {
        Counter counter = metrics.find("persona.embed.transcripts").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** SmallRye Fault Tolerance's own count of retries of the embed stage. */
    private double retries() {
        return metrics.find("ft.retry.retries.total")
                .tag("method", "dev.persona.embed.service.TranscriptEmbedder.process").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private void awaitStage(String jobId, String stage, int times) {
        await().atMost(WAIT).until(() -> recorder.stages(jobId).stream().filter(stage::equals).count() >= times);
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Test
    void recordingBecomesTimedNormalisedChunksAndIsAnnounced() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        List<Document> segments = spokenSegments(40);
        transcript(owner, personaId, sourceId, SourceKind.recording, "harbour.m4a", segments);

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "harbour.m4a", sourceId,
                "en"));
        awaitStage(jobId, "ready", 1);

        List<Document> stored = chunks(owner, personaId, sourceId);
        assertTrue(stored.size() >= 3, "40 segments of ~30 tokens make several 350-token chunks: " + stored.size());
        TreeSet<Integer> storiesSeen = new TreeSet<>();
        for (int i = 0; i < stored.size(); i++) {
            Document chunk = stored.get(i);
            assertEquals(i, chunk.getInteger("index"));
            assertEquals(sha256(sourceId + "|" + MODEL + "|" + i), chunk.getString("_id"));
            assertEquals("recording", chunk.getString("sourceKind"));
            assertEquals("harbour.m4a", chunk.getString("sourceName"));
            assertEquals(MODEL, chunk.getString("embeddingModelId"));
            assertTrue(chunk.getInteger("tokenCount") <= 350);
            String text = chunk.getString("text");
            assertFalse(text.contains("[noise]") || text.contains(" uh ") || text.startsWith("Um")
                    || text.contains("my my"), "speech is cleaned: " + text);
            // Seconds come from exactly the segments whose sentences the chunk holds.
            Matcher m = STORY.matcher(text);
            List<Integer> stories = new ArrayList<>();
            while (m.find()) {
                stories.add(Integer.parseInt(m.group(1)));
            }
            int first = stories.stream().min(Integer::compare).orElseThrow();
            int last = stories.stream().max(Integer::compare).orElseThrow();
            assertEquals(first * 8.0, chunk.getDouble("startSec"), text);
            assertEquals(last * 8.0 + 7.25, chunk.getDouble("endSec"), text);
            assertNull(chunk.get("page"));
            storiesSeen.addAll(stories);
            @SuppressWarnings("unchecked")
            List<Double> vector = (List<Double>) chunk.get("vector");
            assertEquals(384, vector.size());
            assertEquals(1.0, norm(vector), 1e-3);
        }
        assertEquals(40, storiesSeen.size(), "every segment lands in some chunk");
        assertTrue(stored.get(1).getString("text").startsWith(lastSentence(stored.get(0).getString("text"))),
                "consecutive chunks overlap by a sentence");

        // The stored vector is the model's embedding of the stored text, not a placeholder.
        float[] again = engine.embed(stored.get(0).getString("text"));
        @SuppressWarnings("unchecked")
        List<Double> storedVector = (List<Double>) stored.get(0).get("vector");
        float[] storedArray = new float[storedVector.size()];
        for (int i = 0; i < storedArray.length; i++) {
            storedArray[i] = storedVector.get(i).floatValue();
        }
        assertTrue(cosine(again, storedArray) > 0.999);

        await().atMost(WAIT).until(() -> !recorder.forJob("chunks-embedded", jobId).isEmpty());
        TopicRecorder.Received announced = recorder.forJob("chunks-embedded", jobId).get(0);
        assertEquals(personaId, announced.key());
        assertEquals(MODEL, announced.value().path("embeddingModelId").asText());
        assertEquals(sourceId, announced.value().path("sourceId").asText());
        List<String> announcedIds = new ArrayList<>();
        announced.value().path("chunkIds").forEach(id -> announcedIds.add(id.asText()));
        assertEquals(stored.stream().map(d -> d.getString("_id")).toList(), announcedIds);

        List<String> stages = recorder.stages(jobId);
        assertEquals("embedding", stages.get(0));
        assertEquals("ready", stages.get(stages.size() - 1));
        assertFalse(stages.contains("failed"));
        recorder.forJob("job-progress", jobId).forEach(r -> assertEquals(personaId, r.key()));
    }

    private static String lastSentence(String text) {
        return text.substring(text.lastIndexOf("Story "));
    }

    @Test
    void documentChunksCarryThePagesTheyCameFrom() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.document, "school-memoir.pdf", pages(8));

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.document, "school-memoir.pdf",
                sourceId, "en"));
        awaitStage(jobId, "ready", 1);

        List<Document> stored = chunks(owner, personaId, sourceId);
        assertTrue(stored.size() >= 3, "8 pages of ~130 tokens: " + stored.size());
        TreeSet<String> notes = new TreeSet<>();
        for (Document chunk : stored) {
            String text = chunk.getString("text");
            Matcher m = NOTE.matcher(text);
            TreeSet<Integer> pagesOfText = new TreeSet<>();
            while (m.find()) {
                pagesOfText.add(Integer.parseInt(m.group(1)));
                notes.add(m.group());
            }
            assertEquals(pagesOfText.first(), chunk.getInteger("page"), text);
            assertEquals(pagesOfText.last(), chunk.getInteger("endPage"), text);
            assertNull(chunk.get("startSec"));
            assertEquals("document", chunk.getString("sourceKind"));
            assertEquals("school-memoir.pdf", chunk.getString("sourceName"));
        }
        assertEquals(48, notes.size(), "every sentence of every page is in some chunk");
    }

    @Test
    void redeliveriesAndDuplicateBurstsConvergeAndShorterVersionsLeaveNoStaleChunks() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "long.wav", spokenSegments(50));
        TranscriptReady event = TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording,
                "long.wav", sourceId, "en");

        publish(event);
        awaitStage(jobId, "ready", 1);
        List<Document> first = chunks(owner, personaId, sourceId);
        double reusedBefore = metrics.counter("persona.embed.chunks", "vector", "reused").count();

        publish(event); // the very same record again
        for (int i = 0; i < 5; i++) { // and a burst of duplicates with fresh event ids
            publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "long.wav", sourceId,
                    "en"));
        }
        awaitStage(jobId, "ready", 7);

        List<Document> after = chunks(owner, personaId, sourceId);
        assertEquals(first.size(), after.size());
        assertEquals(ids(first), ids(after));
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).getString("text"), after.get(i).getString("text"));
            assertEquals(first.get(i).get("vector"), after.get(i).get("vector"));
        }
        assertEquals(reusedBefore + 6.0 * first.size(),
                metrics.counter("persona.embed.chunks", "vector", "reused").count(),
                "duplicates reuse the stored vectors instead of running the model again");
        assertEquals(7, recorder.forJob("chunks-embedded", jobId).size());

        // The source is re-transcribed shorter: fewer chunks, none left over from the longer version.
        transcript(owner, personaId, sourceId, SourceKind.recording, "long.wav", spokenSegments(8));
        publish(event);
        awaitStage(jobId, "ready", 8);
        List<Document> shorter = chunks(owner, personaId, sourceId);
        assertTrue(shorter.size() < first.size());
        assertEquals(ids(first).subList(0, shorter.size()), ids(shorter));
        assertEquals(shorter.size() - 1, shorter.get(shorter.size() - 1).getInteger("index"));
    }

    private static List<String> ids(List<Document> chunks) {
        return chunks.stream().map(d -> d.getString("_id")).collect(Collectors.toList());
    }

    @Test
    void eventsOfADeletedPersonaWriteNothing() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "gone.wav", spokenSegments(5));
        collection("personas").deleteOne(eq("_id", personaId));
        double skippedBefore = counter("persona-gone");

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "gone.wav", sourceId,
                "en"));
        await().atMost(WAIT).until(() -> counter("persona-gone") > skippedBefore);

        assertTrue(chunks(owner, personaId, sourceId).isEmpty());
        assertTrue(recorder.forJob("chunks-embedded", jobId).isEmpty());
        assertTrue(recorder.stages(jobId).isEmpty(), "a deleted persona's job is not reported on");
    }

    @Test
    void transcriptWithoutUsableTextFailsTheJobWithAReason() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "silence.wav", List.of(
                segment(0.0, 2.0, null, "[noise]"), segment(2.0, 4.0, null, "um uh"),
                segment(4.0, 5.0, null, "  ")));

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "silence.wav", sourceId,
                "en"));
        awaitStage(jobId, "failed", 1);

        TopicRecorder.Received failed = recorder.forJob("job-progress", jobId).stream()
                .filter(r -> r.value().path("stage").asText().equals("failed")).findFirst().orElseThrow();
        assertTrue(failed.value().path("error").asText().contains("no usable text"), failed.value().toString());
        assertTrue(chunks(owner, personaId, sourceId).isEmpty());
        assertFalse(recorder.stages(jobId).contains("ready"));
    }

    @Test
    void aFailingEventIsRetriedDeadLetteredAndMarkedFailedWhileTheStageKeepsConsuming() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        // Another owner's transcript: the owner-and-persona filter must not find it.
        String otherOwner = UUID.randomUUID().toString();
        String otherPersona = persona(otherOwner);
        String foreignSource = UUID.randomUUID().toString();
        transcript(otherOwner, otherPersona, foreignSource, SourceKind.recording, "theirs.wav", spokenSegments(3));
        String badJob = UUID.randomUUID().toString();
        double failedBefore = counter("failed");
        double retriesBefore = retries();

        publish(TranscriptReady.of(owner, personaId, badJob, foreignSource, SourceKind.recording, "theirs.wav",
                foreignSource, "en"));
        await().atMost(WAIT).until(() -> !recorder.forJob("transcript-ready-dlq", badJob).isEmpty());

        assertEquals(List.of("failed"), recorder.stages(badJob), "failed is reported, nothing else");
        String error = recorder.forJob("job-progress", badJob).get(0).value().path("error").asText();
        assertTrue(error.contains("not found"), error);
        assertEquals(personaId, recorder.forJob("transcript-ready-dlq", badJob).get(0).key());
        assertEquals(failedBefore + 1, counter("failed"));
        assertTrue(retries() >= retriesBefore + 3, "three retries before giving up: " + (retries() - retriesBefore));
        assertTrue(chunks(owner, personaId, foreignSource).isEmpty());
        assertTrue(chunks(otherOwner, otherPersona, foreignSource).isEmpty(), "the other owner's data is untouched");

        // Same persona, same partition, after the poisoned record: still processed.
        String goodSource = UUID.randomUUID().toString();
        String goodJob = UUID.randomUUID().toString();
        transcript(owner, personaId, goodSource, SourceKind.recording, "mine.wav", spokenSegments(3));
        publish(TranscriptReady.of(owner, personaId, goodJob, goodSource, SourceKind.recording, "mine.wav",
                goodSource, "en"));
        awaitStage(goodJob, "ready", 1);
        assertFalse(chunks(owner, personaId, goodSource).isEmpty());
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithoutStoppingTheStage() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        producer.send(new ProducerRecord<>("transcript-ready", personaId, "{not json at all")).get();
        await().atMost(WAIT).until(() -> !recorder.forKey("transcript-ready-dlq", personaId).isEmpty());

        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "after.wav", spokenSegments(2));
        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "after.wav", sourceId,
                "en"));
        awaitStage(jobId, "ready", 1);
    }

    @Test
    void aReplayUnderAnotherModelIdWritesChunksBesideTheOldOnes() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "replay.wav", spokenSegments(20));
        TranscriptReady event = TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording,
                "replay.wav", sourceId, "en");
        publish(event);
        awaitStage(jobId, "ready", 1);
        List<Document> original = chunks(owner, personaId, sourceId);

        // What the consumer does once persona.embedding.model-id names another model.
        String nextModel = "all-minilm-l6-v2-q@next";
        Outcome outcome = embedder.process(event, nextModel).await().atMost(WAIT);

        assertEquals(Outcome.Kind.EMBEDDED, outcome.kind());
        List<Document> all = chunks(owner, personaId, sourceId);
        assertEquals(2 * original.size(), all.size());
        List<Document> old = all.stream().filter(d -> MODEL.equals(d.getString("embeddingModelId"))).toList();
        List<Document> next = all.stream().filter(d -> nextModel.equals(d.getString("embeddingModelId"))).toList();
        assertEquals(ids(original), ids(old), "the active model's chunks are untouched");
        assertEquals(original.size(), next.size());
        for (int i = 0; i < next.size(); i++) {
            assertEquals(sha256(sourceId + "|" + nextModel + "|" + i), next.get(i).getString("_id"));
            assertEquals(old.get(i).getString("text"), next.get(i).getString("text"));
        }
    }

    @Test
    void readinessReportsTheLoadedModelAndMetricsAreExported() {
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'embedding-model' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'embedding-model' }.data.modelId", org.hamcrest.Matchers.equalTo(MODEL));
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("kafka_consumer"));
    }

    @Test
    void realEmbeddingsPutCookingNearCooking() {
        float[] memory = engine.embed("On Sundays I slow-cook a beef stew with garlic, thyme and a glass of red wine.");
        float[] cookingQuery = engine.embed("What do you like to cook for dinner?");
        float[] unrelatedQuery = engine.embed("How do rising interest rates affect government bonds?");
        double near = cosine(memory, cookingQuery);
        double far = cosine(memory, unrelatedQuery);
        assertTrue(near > far + 0.1, "cooking " + near + " vs finance " + far);
        assertEquals(384, memory.length);
    }
}
