package dev.persona.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a running system does when a part of it fails: a stage killed mid-batch, the broker restarted with uploads in
 * flight, the store away for a while. Each drill puts the system back as it found it.
 */
class FaultEndToEndTest {
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static RunningSystem system;
    private static MongoClient mongo;
    /** One owner for every drill: sign-ups from one address are rate limited, and every e2e class signs up. */
    private static Api owner;

    @BeforeAll
    static void startSystem() {
        system = RunningSystem.get();
        mongo = MongoClients.create(system.mongoUri());
        owner = Api.newOwner(system.baseUrl());
    }

    @AfterAll
    static void closeClient() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void aStageKilledInTheMiddleOfABatchResumesAndEveryUploadIsReadyWithItsChunksOnce() throws Exception {
        String persona = newPersona(owner);
        Map<String, String> jobs = uploadRecordings(owner, persona);

        await().atMost(READY_WITHIN).until(() -> jobs.values().stream()
                .anyMatch(job -> "transcribing".equals(stage(owner, persona, job))));
        system.stack.killService("transcribe-service");
        try {
            assertTrue(jobs.values().stream().anyMatch(job -> !"ready".equals(stage(owner, persona, job))),
                    "the batch was over before the stage was killed");
        } finally {
            assertTrue(system.stack.startService("transcribe-service", READY_WITHIN), "transcribe did not restart");
        }

        awaitAllReady(owner, persona, jobs);
        assertEachSourceHasItsChunksOnce(persona, jobs.size());
    }

    @Test
    void theBrokerRestartingWhileUploadsAreInFlightLosesNoneOfThem() throws Exception {
        String persona = newPersona(owner);
        Map<String, String> jobs = uploadRecordings(owner, persona);

        system.stack.restartBroker();

        awaitAllReady(owner, persona, jobs);
        assertEachSourceHasItsChunksOnce(persona, jobs.size());
        JsonPath reply = owner.request().contentType(ContentType.JSON)
                .body(Map.of("message", "How do you make your cardamom buns?"))
                .post("/personas/" + persona + "/chat").then().statusCode(200).extract().jsonPath();
        assertFalse(reply.getList("citations").isEmpty(), reply.prettify());
    }

    @Test
    void servicesReportUnhealthyWhileTheStoreIsAwayAndRecoverWithoutARestart() throws Exception {
        String persona = newPersona(owner);
        List<String> services = List.of("ingest-service", "chat-service");

        system.stack.stopStore();
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> services.stream().noneMatch(FaultEndToEndTest::ready));
            owner.request().get("/personas/" + persona).then().statusCode(503)
                    .contentType("application/problem+json").body("code", org.hamcrest.Matchers.equalTo(
                            "service-unavailable"));
        } finally {
            system.stack.startStore();
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> services.stream().allMatch(FaultEndToEndTest::ready));
        owner.request().get("/personas/" + persona).then().statusCode(200);
        owner.request().contentType(ContentType.JSON).body(Map.of("message", "Where did you learn to sail?"))
                .post("/personas/" + persona + "/chat").then().statusCode(200);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static String newPersona(Api owner) {
        return owner.request().contentType(ContentType.JSON).body(Map.of("name", "Fault drill", "language", "en"))
                .post("/personas").then().statusCode(201).extract().path("id");
    }

    /** The sample recordings, uploaded one after another; file name -> job id. */
    private static Map<String, String> uploadRecordings(Api owner, String persona) throws Exception {
        Map<String, String> jobs = new LinkedHashMap<>();
        List<Path> recordings;
        try (var files = java.nio.file.Files.list(system.samples().resolve("recordings"))) {
            recordings = files.sorted().toList();
        }
        for (Path file : recordings) {
            jobs.put(file.getFileName().toString(), owner.request().multiPart("file", file.toFile())
                    .post("/personas/" + persona + "/recordings").then().statusCode(202).extract().path("jobId"));
        }
        return jobs;
    }

    private static String stage(Api owner, String persona, String job) {
        return owner.request().get("/personas/" + persona + "/jobs/" + job).then().statusCode(200).extract()
                .path("stage");
    }

    private static void awaitAllReady(Api owner, String persona, Map<String, String> jobs) {
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            await(job.getKey() + " ready").atMost(READY_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
                String stage = stage(owner, persona, job.getValue());
                assertFalse("failed".equals(stage), job.getKey() + " failed: "
                        + owner.request().get("/personas/" + persona + "/jobs/" + job.getValue()).asString());
                return "ready".equals(stage);
            });
        }
    }

    /**
     * Each source's chunks in the store are exactly the ones its last {@code chunks-embedded} announced (nothing
     * left over from an interrupted pass, nothing twice), numbered 0..n-1, all of one model.
     */
    private static void assertEachSourceHasItsChunksOnce(String persona, int sources) throws Exception {
        Map<String, List<String>> announced = new LinkedHashMap<>();
        try (TopicReplayer topics = new TopicReplayer(system.kafkaBootstrap())) {
            for (var record : topics.readAll(List.of("chunks-embedded"))) {
                JsonPath event = JsonPath.from(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
                if (persona.equals(event.getString("personaId"))) {
                    announced.put(event.getString("sourceId"), event.getList("chunkIds", String.class));
                }
            }
        }
        List<Document> chunks = mongo.getDatabase("persona").getCollection("chunks")
                .find(Filters.eq("personaId", persona)).into(new ArrayList<>());
        Map<String, List<Document>> bySource = chunks.stream()
                .collect(Collectors.groupingBy(c -> c.getString("sourceId")));
        assertEquals(sources, bySource.size(), "chunks of every source");
        for (Map.Entry<String, List<Document>> source : bySource.entrySet()) {
            List<String> stored = source.getValue().stream().map(c -> c.getString("_id")).sorted().toList();
            assertEquals(announced.get(source.getKey()).stream().sorted().toList(), stored,
                    "the chunks of " + source.getKey() + " are those last announced");
            List<Integer> indexes = source.getValue().stream().map(c -> c.getInteger("index")).sorted().toList();
            assertEquals(IntStream.range(0, indexes.size()).boxed().toList(), indexes,
                    "chunk indexes of " + source.getKey());
            assertEquals(1, source.getValue().stream().map(c -> c.getString("embeddingModelId")).distinct().count());
        }
    }

    private static boolean ready(String service) {
        try {
            URI readiness = URI.create("http://127.0.0.1:" + system.ports.services().get(service) + "/q/health/ready");
            return HTTP.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
