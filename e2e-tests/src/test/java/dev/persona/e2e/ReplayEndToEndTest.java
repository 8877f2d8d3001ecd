package dev.persona.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.persona.launcher.AdminToken;
import dev.persona.launcher.ReplayCommand;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator replays a persona through the whole running system: {@code ./persona replay} (the launcher's command,
 * with the operator token it signs from the stack's own key) through the gateway, ingest re-emitting events on the
 * real broker, transcribe-service and embed-service reprocessing them. The state converges to what it was: the same
 * chunk ids and texts, the same transcript, every job done, no duplicates.
 */
class ReplayEndToEndTest {
    private static RunningSystem system;
    private static MongoClient mongo;

    @BeforeAll
    static void start() {
        system = RunningSystem.get();
        mongo = MongoClients.create(system.mongoUri());
    }

    @AfterAll
    static void close() {
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void replayingAPersonaFromEitherStageConvergesWithoutDuplicatesAndOwnersCannot() throws Exception {
        Api owner = Api.newOwner(system.baseUrl());
        String persona = owner.request().contentType(ContentType.JSON).body(Map.of("name", "Replayed", "language", "en"))
                .post("/personas").then().statusCode(201).extract().path("id");
        String recording = upload(owner, persona, "recordings", "01-sailing-with-grandfather.wav", "recordingId");
        String document = upload(owner, persona, "documents", "05-why-i-play-the-violin.pdf", "documentId");
        List<String> chunksBefore = chunks(persona);
        List<Object> transcriptBefore = transcriptTexts(recording);
        assertFalse(chunksBefore.isEmpty());

        owner.request().contentType(ContentType.JSON).body(Map.of("stage", "embed", "personaId", persona))
                .post("/admin/replay").then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("forbidden"));

        String embed = replay("--stage", "embed", "--persona", persona);
        assertTrue(embed.contains("Replay ") && embed.contains(" done after"), embed);
        assertTrue(embed.contains("events sent   2 of 2"), embed);
        assertTrue(embed.contains("jobs          done 2, failed 0, skipped 0, unsent 0, pending 0"), embed);
        assertEquals(chunksBefore, chunks(persona), "the same chunks: none added, none lost");

        String transcribe = replay("--stage", "transcribe", "--persona", persona);
        assertTrue(transcribe.contains("events sent   1 of 1"), transcribe);
        assertTrue(transcribe.contains("jobs          done 1, failed 0"), transcribe);
        assertEquals(transcriptBefore, transcriptTexts(recording), "the offline recogniser is deterministic");
        assertEquals(chunksBefore, chunks(persona));
        for (String source : List.of(recording, document)) {
            String kind = source.equals(recording) ? "recordings" : "documents";
            owner.request().get("/personas/" + persona + "/" + kind + "/" + source).then().statusCode(200)
                    .body("status", equalTo("ready"));
        }
    }

    /** Runs {@code ./persona replay ...} against the gateway; exits 0 or fails with what it printed. */
    private static String replay(String... args) throws Exception {
        Path home = system.stack.runDir().getParent().getParent();
        Path key = AdminToken.keyPath(home);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", system.baseUrl()));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new ReplayCommand(ReplayCommand.Options.parse(all), () -> AdminToken.sign(key, "admin", Instant.now()),
                new PrintStream(printed, true, StandardCharsets.UTF_8), Duration.ofMillis(500)).run();
        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertEquals(0, exit, out);
        return out;
    }

    private static String upload(Api owner, String persona, String kind, String file, String idField) {
        var body = owner.request().multiPart("file", system.samples().resolve(kind).resolve(file).toFile())
                .post("/personas/" + persona + "/" + kind).then().statusCode(202).extract().jsonPath();
        String jobId = body.getString("jobId");
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String stage = owner.request().get("/personas/" + persona + "/jobs/" + jobId).then().statusCode(200)
                    .extract().path("stage");
            assertFalse("failed".equals(stage), file + " failed");
            return "ready".equals(stage);
        });
        return body.getString(idField);
    }

    /** Every chunk of the persona as "id model text", sorted. */
    private static List<String> chunks(String persona) {
        List<String> chunks = new ArrayList<>();
        mongo.getDatabase("persona").getCollection("chunks").find(Filters.eq("personaId", persona))
                .sort(Sorts.ascending("_id"))
                .forEach(d -> chunks.add(d.getString("_id") + " " + d.getString("embeddingModelId") + " "
                        + d.getString("text")));
        return chunks;
    }

    private static List<Object> transcriptTexts(String recording) {
        Document transcript = mongo.getDatabase("persona").getCollection("transcripts")
                .find(Filters.eq("_id", recording)).first();
        List<Object> texts = new ArrayList<>();
        for (Object segment : transcript.getList("segments", Object.class)) {
            texts.add(((Document) segment).get("text"));
        }
        return texts;
    }
}
