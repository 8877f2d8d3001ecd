package dev.persona.ingest;

import static dev.persona.ingest.Api.as;
import static dev.persona.ingest.Api.assertProblem;
import static dev.persona.ingest.Api.createPersona;
import static dev.persona.ingest.Api.fixture;
import static dev.persona.ingest.Api.newOwner;
import static dev.persona.ingest.Api.upload;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import dev.persona.ingest.media.TestSignals;
import dev.persona.media.WavCodec;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad files get a problem with a stable code, and nothing of them is stored anywhere. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class BadUploadTest {

    @Inject
    ReactiveMongoClient mongo;

    private long count(String collection) {
        return mongo.getDatabase("persona").getCollection(collection).countDocuments().await()
                .atMost(Duration.ofSeconds(5));
    }

    private List<Long> counts() {
        return List.of(count("recordings"), count("documents"), count("jobs"), count("transcripts"),
                count("media.files"), count("media.chunks"));
    }

    @Test
    void badAudioIsRefusedWithAStableCodeAndLeavesNothingBehind() {
        String owner = newOwner();
        String persona = createPersona(owner, "Careful");
        byte[] wav = fixture("/audio/speech.wav");
        byte[] oversized = new byte[1024 * 1024 + 1];
        new Random(1).nextBytes(oversized);
        byte[] png = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13}, 4000);

        List<Long> before = counts();
        assertProblem(upload(owner, persona, "recordings", "cut.wav", Arrays.copyOf(wav, wav.length / 2)), 422,
                "corrupt-media");
        assertProblem(upload(owner, persona, "recordings", "notes.wav",
                "These are my notes, not audio at all.".repeat(20).getBytes(StandardCharsets.UTF_8)), 415,
                "unsupported-format");
        assertProblem(upload(owner, persona, "recordings", "empty.wav", new byte[0]), 400, "empty-file");
        assertProblem(upload(owner, persona, "recordings", "big.wav", oversized), 413, "payload-too-large");
        assertProblem(upload(owner, persona, "recordings", "picture.mp3", png), 415, "unsupported-format");
        assertProblem(upload(owner, persona, "recordings", "quiet.wav", Fixtures.silentWav(3)), 422, "no-speech");
        assertProblem(upload(owner, persona, "recordings", "long.wav", Fixtures.toneWav(25)), 413, "too-long");
        byte[] garbageMp3 = new byte[3000];
        new Random(2).nextBytes(garbageMp3);
        System.arraycopy("ID3".getBytes(StandardCharsets.US_ASCII), 0, garbageMp3, 0, 3);
        assertProblem(upload(owner, persona, "recordings", "broken.mp3", garbageMp3), 422, "corrupt-media");
        assertProblem(as(owner).multiPart("other", "x.wav", wav).post("/personas/" + persona + "/recordings").then(),
                400, "validation-failed");

        assertEquals(before, counts());
        as(owner).get("/personas/" + persona + "/recordings").then().statusCode(200)
                .body("$", org.hamcrest.Matchers.hasSize(0));
        assertEquals(0L, mongo.getDatabase("persona").getCollection("jobs")
                .countDocuments(Filters.eq("personaId", persona)).await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void clicksInLowNoiseAreRefusedAsNoSpeechWhileSpeechIsAccepted() {
        String owner = newOwner();
        String persona = createPersona(owner, "Quiet room");
        short[] clicks = TestSignals.noiseWithClicks();
        assertTrue(TestSignals.secondsOfLoudFrames(clicks) >= 0.3, "ingest's old energy rule accepted this file");

        List<Long> before = counts();
        var refused = upload(owner, persona, "recordings", "clicks.wav", WavCodec.write(clicks, 16000));
        assertProblem(refused, 422, "no-speech");
        refused.body("detail", containsString("No speech was found in the 6.0 s recording"));
        assertEquals(before, counts());

        upload(owner, persona, "recordings", "speech.wav", fixture("/audio/speech.wav")).statusCode(202);
        as(owner).get("/personas/" + persona + "/recordings").then().statusCode(200)
                .body("fileName", org.hamcrest.Matchers.contains("speech.wav"));
    }

    @Test
    void badDocumentsAreRefusedWithAStableCodeAndLeaveNothingBehind() throws Exception {
        String owner = newOwner();
        String persona = createPersona(owner, "Careful writer");
        byte[] pdf = Fixtures.pdf();
        byte[] binary = new byte[2000];
        new Random(3).nextBytes(binary);
        binary[10] = 0;

        List<Long> before = counts();
        assertProblem(upload(owner, persona, "documents", "cut.pdf", Arrays.copyOf(pdf, 40)), 422, "corrupt-media");
        assertProblem(upload(owner, persona, "documents", "blob.pdf", binary), 415, "unsupported-format");
        assertProblem(upload(owner, persona, "documents", "empty.txt", new byte[0]), 400, "empty-file");
        assertProblem(upload(owner, persona, "documents", "only-quotes.eml",
                ("From: a@example.org\r\nTo: b@example.org\r\nSubject: Re: x\r\n\r\nHi Bob,\r\n\r\n> what you said\r\n"
                        + "\r\nThanks,\r\nAnn\r\n").getBytes(StandardCharsets.UTF_8)), 422, "empty-file");
        assertEquals(before, counts());
    }
}
