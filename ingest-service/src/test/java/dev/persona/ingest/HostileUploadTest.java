package dev.persona.ingest;

import static dev.persona.ingest.Api.assertProblem;
import static dev.persona.ingest.Api.createPersona;
import static dev.persona.ingest.Api.fixture;
import static dev.persona.ingest.Api.newOwner;
import static dev.persona.ingest.Api.upload;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.media.HostileMedia;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Uploads built to break the media parsers: sizes that wrap 32-bit arithmetic, FFmpeg playlists that read server
 * files, and files far longer decoded than they look. Each gets a problem quickly, stores nothing, and leaves the
 * decode slots free for the next honest upload.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class HostileUploadTest {
    /** Far above what a refusal of a 58 KB file takes, far below the 60 s a caller waits for a decode slot. */
    private static final Duration QUICKLY = Duration.ofSeconds(15);

    @Inject
    ReactiveMongoClient mongo;

    private long count(String collection) {
        return mongo.getDatabase("persona").getCollection(collection).countDocuments().await()
                .atMost(Duration.ofSeconds(5));
    }

    private List<Long> counts() {
        return List.of(count("recordings"), count("jobs"), count("media.files"), count("media.chunks"));
    }

    private static ValidatableResponse quickly(String owner, String persona, String name, byte[] bytes) {
        return assertTimeoutPreemptively(QUICKLY, () -> upload(owner, persona, "recordings", name, bytes),
                name + " was not answered quickly");
    }

    @Test
    void riffSizesNearTwoToThe31And32AreCorruptMediaAndLeaveTheSlotsFree() {
        String owner = newOwner();
        String persona = createPersona(owner, "Wav walker");
        byte[] wav = fixture("/audio/speech.wav");
        List<Long> before = counts();
        // More hostile files than there are decode slots (2): a slot they kept would starve the honest upload.
        for (long size : new long[] {0x7FFFFFF0L, 0xFFFFFFF0L, 0x80000000L, 0xFFFFFFF8L}) {
            byte[] chunk = HostileMedia.withSizeField(wav, HostileMedia.FIXTURE_LIST_SIZE_OFFSET, size);
            assertProblem(quickly(owner, persona, "chunk-" + Long.toHexString(size) + ".wav", chunk), 422,
                    "corrupt-media");
            byte[] riff = HostileMedia.withSizeField(wav, 4, size);
            assertProblem(quickly(owner, persona, "riff-" + Long.toHexString(size) + ".wav", riff), 422,
                    "corrupt-media");
        }
        assertEquals(before, counts());
        quickly(owner, persona, "speech.wav", wav).statusCode(202).body("format", org.hamcrest.Matchers.equalTo("wav"));
    }

    @Test
    void anFfconcatPlaylistBehindAnId3TagReadsNoServerFile() {
        String owner = newOwner();
        String persona = createPersona(owner, "Playlist");
        // Tests run in the module directory; the playlist names a real audio file FFmpeg could open from there.
        Path victim = Path.of("src/test/resources/audio/speech.wav");
        assertTrue(Files.isRegularFile(victim), "the named file exists relative to the working directory");
        List<Long> before = counts();

        ValidatableResponse refused = quickly(owner, persona, "playlist.mp3",
                HostileMedia.id3ThenConcatPlaylist(victim.toString()));
        refused.statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .and(org.hamcrest.Matchers.lessThan(500))).contentType("application/problem+json");
        ValidatableResponse absolute = quickly(owner, persona, "playlist.mp3",
                HostileMedia.id3ThenConcatPlaylist(victim.toAbsolutePath().toString()));
        absolute.statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .and(org.hamcrest.Matchers.lessThan(500))).contentType("application/problem+json");

        assertEquals(before, counts());
    }

    @Test
    void aLongLowBitrateFileIsRefusedByItsDecodedDuration() {
        String owner = newOwner();
        String persona = createPersona(owner, "Long talker");
        byte[] webm = HostileMedia.webmWithoutDuration(60);
        assertTrue(webm.length < 200_000, "a minute at 6 kbit/s is small: " + webm.length);
        assertTrue(HostileMedia.declaredMicros(webm) <= 0, "the container does not say how long it is");
        List<Long> before = counts();

        ValidatableResponse refused = quickly(owner, persona, "long.webm", webm);
        assertProblem(refused, 413, "too-long");
        // Refused once 20 s were decoded, not after holding all 60 s.
        refused.body("detail", containsString("at least 20 s"));
        assertEquals(before, counts());
    }
}
