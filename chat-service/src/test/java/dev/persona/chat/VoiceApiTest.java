package dev.persona.chat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import dev.persona.chat.service.voice.GeneratedAudioCleanupJob;
import dev.persona.chat.service.voice.GeneratedAudioStore;
import dev.persona.chat.service.voice.OfflineVoice;
import dev.persona.chat.service.voice.PitchEstimator;
import dev.persona.chat.service.voice.VoiceProfile;
import dev.persona.chat.service.voice.VoiceReference;
import dev.persona.chat.service.voice.WavCodec;
import dev.persona.common.audio.PcmAudio;
import dev.persona.common.media.MediaRefs;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonString;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The persona's voice through the HTTP API, on the real Mongo-wire server: recordings are FreeTTS speech at two
 * pitches (a low and a high speaker) written to GridFS as ingest-service writes them, with chunks whose sentences
 * carry their seconds.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class VoiceApiTest {
    private static final int RATE = 16_000;
    private static final double LOW_HZ = 85;
    private static final double HIGH_HZ = 190;
    private static final double PAUSE_SEC = 0.3;

    static String owner;
    static String token;
    static String lowPersona;
    static String highPersona;
    static Map<String, PcmAudio> recordings = new java.util.HashMap<>();

    @Inject
    MongoClient mongo;

    @Inject
    GeneratedAudioCleanupJob cleanup;

    @Inject
    GeneratedAudioStore store;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @BeforeEach
    void personas() {
        if (owner != null) {
            return;
        }
        MongoDatabase db = mongo.getDatabase(database);
        owner = "owner-" + UUID.randomUUID();
        token = TestTokens.forOwner(owner);
        lowPersona = persona(db, "Low Speaker", LOW_HZ);
        highPersona = persona(db, "High Speaker", HIGH_HZ);
    }

    /** A persona with one recording of the cooking talk, spoken by FreeTTS at {@code pitch}. */
    private String persona(MongoDatabase db, String name, double pitch) {
        String personaId = UUID.randomUUID().toString();
        PersonaCorpus.insertPersona(db, owner, personaId, name);
        String recordingId = "rec-" + UUID.randomUUID();
        PersonaCorpus.Source source = new PersonaCorpus.Source(recordingId, "recording", "cooking.wav",
                PersonaCorpus.COOKING.chunks());
        // PersonaCorpus places chunk i at [30 i, 30 i + 30) s: fill those 60 s with the speaker's voice.
        PcmAudio audio = speech(String.join(" ", source.chunks()), pitch, 60);
        recordings.put(recordingId, audio);
        storeRecording(db, personaId, recordingId, audio);
        PersonaCorpus.insertChunks(db, owner, personaId, source, PersonaCorpus.MODEL_ID);
        return personaId;
    }

    private static PcmAudio speech(String text, double pitch, double seconds) {
        OfflineVoice voice = new OfflineVoice();
        short[] one = voice.speak(text, new VoiceReference("t", new VoiceProfile(pitch, 150, 0, 0, true), List.of()))
                .samples();
        short[] out = new short[(int) (seconds * RATE)];
        for (int at = 0; at < out.length; at += one.length) {
            System.arraycopy(one, 0, out, at, Math.min(one.length, out.length - at));
        }
        return new PcmAudio(out, RATE);
    }

    private void storeRecording(MongoDatabase db, String personaId, String recordingId, PcmAudio audio) {
        GridFSBuckets.create(db, MediaRefs.BUCKET).uploadFromStream(
                new BsonString(MediaRefs.normalisedRecording(recordingId)), recordingId + ".wav",
                new ByteArrayInputStream(WavCodec.write(audio)), new GridFSUploadOptions().metadata(
                        new Document("ownerId", owner).append("personaId", personaId).append("sourceId", recordingId)));
    }

    private static JsonPath ask(String persona, String question) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("message", question))
                .post("/personas/{id}/chat", persona).then().statusCode(200).extract().jsonPath();
    }

    private static PcmAudio wav(byte[] bytes) {
        return WavCodec.read(bytes);
    }

    @Test
    void anAnswerFromARecordingIsSpokenWithTheRecordingsOwnAudio() {
        JsonPath answer = ask(lowPersona, "How do you make your sambar?");
        List<Map<String, Object>> citations = answer.getList("citations");
        assertFalse(citations.isEmpty(), answer.prettify());
        String audioUrl = answer.getString("audioUrl");
        assertEquals("/personas/" + lowPersona + "/chat/messages/" + answer.getString("messageId") + "/audio", audioUrl);

        byte[] bytes = given().auth().oauth2(token).get(audioUrl).then().statusCode(200)
                .contentType("audio/wav").extract().asByteArray();
        PcmAudio spoken = wav(bytes);
        assertEquals(RATE, spoken.sampleRate());

        // In the order the answer tells them (the order said: one recording here).
        List<Map<String, Object>> ordered = new ArrayList<>(citations);
        ordered.sort(java.util.Comparator.comparingDouble(c -> ((Number) c.get("startSec")).doubleValue()));
        PcmAudio recording = recordings.get((String) ordered.get(0).get("sourceId"));
        int expected = 0;
        for (Map<String, Object> c : ordered) {
            assertEquals("recording", c.get("kind"));
            expected += span(recording, c)[1] - span(recording, c)[0];
        }
        expected += (int) Math.round(PAUSE_SEC * RATE) * (ordered.size() - 1);
        assertEquals(expected, spoken.samples().length, "the cited sentences' seconds plus the pauses");

        int at = 0;
        for (Map<String, Object> c : ordered) {
            int[] span = span(recording, c);
            int n = span[1] - span[0];
            // Inside the 10 ms fades the samples are the recording's own: correlation ~1.
            double r = correlation(spoken.samples(), at + 200, recording.samples(), span[0] + 200, n - 400);
            assertTrue(r > 0.999, "clip at " + c.get("startSec") + " s correlates " + r);
            at += n + (int) Math.round(PAUSE_SEC * RATE);
        }

        // Stored: the same bytes again; listed in the history with the same URL.
        byte[] again = given().auth().oauth2(token).get(audioUrl).then().statusCode(200).extract().asByteArray();
        assertTrue(java.util.Arrays.equals(bytes, again));
        List<String> urls = given().auth().oauth2(token).queryParam("sessionId", answer.getString("sessionId"))
                .get("/personas/{id}/history", lowPersona).then().statusCode(200).extract().jsonPath()
                .getList("messages.audioUrl");
        assertTrue(urls.contains(audioUrl), urls.toString());

        // Another owner: 404 for the audio, whatever they know of its address.
        String other = TestTokens.forOwner("owner-" + UUID.randomUUID());
        given().auth().oauth2(other).get(audioUrl).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("persona-not-found"));
        given().auth().oauth2(token).get("/personas/{id}/chat/messages/{m}/audio", highPersona,
                answer.getString("messageId")).then().statusCode(404).body("code", equalTo("not-found"));
        given().auth().oauth2(token).get("/personas/{id}/chat/messages/{m}/audio", lowPersona, "$gt")
                .then().statusCode(404);
        given().get(audioUrl).then().statusCode(401);
    }

    private static int[] span(PcmAudio recording, Map<String, Object> citation) {
        return new int[] {recording.sampleAt(((Number) citation.get("startSec")).doubleValue()),
                recording.sampleAt(((Number) citation.get("endSec")).doubleValue())};
    }

    private static double correlation(short[] a, int aFrom, short[] b, int bFrom, int n) {
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (double) a[aFrom + i] * b[bFrom + i];
            saa += (double) a[aFrom + i] * a[aFrom + i];
            sbb += (double) b[bFrom + i] * b[bFrom + i];
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void twoPersonasSynthesisedVoicesDifferInPitchLikeTheirRecordings() {
        JsonPath low = given().auth().oauth2(token).get("/personas/{id}/voice", lowPersona).then().statusCode(200)
                .body("measured", equalTo(true)).extract().jsonPath();
        JsonPath high = given().auth().oauth2(token).get("/personas/{id}/voice", highPersona).then().statusCode(200)
                .body("measured", equalTo(true)).extract().jsonPath();
        assertEquals(LOW_HZ, low.getDouble("medianPitchHz"), LOW_HZ * 0.15, low.prettify());
        assertEquals(HIGH_HZ, high.getDouble("medianPitchHz"), HIGH_HZ * 0.15, high.prettify());
        assertTrue(low.getDouble("wordsPerMinute") > 0);

        String text = "I like to cook on Sundays, and my family always comes over for lunch.";
        double lowSpoken = spokenPitch(lowPersona, text);
        double highSpoken = spokenPitch(highPersona, text);
        assertTrue(highSpoken > lowSpoken * 1.6, "low persona " + lowSpoken + " Hz, high persona " + highSpoken + " Hz");
        assertEquals(low.getDouble("medianPitchHz"), lowSpoken, LOW_HZ * 0.2);
        assertEquals(high.getDouble("medianPitchHz"), highSpoken, HIGH_HZ * 0.2);
    }

    private static double spokenPitch(String persona, String text) {
        byte[] bytes = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("text", text))
                .post("/personas/{id}/speech", persona).then().statusCode(200).contentType("audio/wav")
                .extract().asByteArray();
        PcmAudio audio = wav(bytes);
        assertTrue(audio.durationSec() > 1, "speech of " + audio.durationSec() + " s");
        return PitchEstimator.medianF0(audio.samples(), audio.sampleRate());
    }

    @Test
    void aPersonaWithoutRecordingsHasTheDefaultVoiceUntilItHasOne() {
        MongoDatabase db = mongo.getDatabase(database);
        String personaId = UUID.randomUUID().toString();
        PersonaCorpus.insertPersona(db, owner, personaId, "New Speaker");
        given().auth().oauth2(token).get("/personas/{id}/voice", personaId).then().statusCode(200)
                .body("measured", equalTo(false)).body("medianPitchHz", equalTo(100.0f));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("text", "Hello."))
                .post("/personas/{id}/speech", personaId).then().statusCode(200).contentType("audio/wav");

        // A recording arrives (its chunks are written): the stored estimate is measured again.
        String recordingId = "rec-" + UUID.randomUUID();
        PersonaCorpus.Source source = new PersonaCorpus.Source(recordingId, "recording", "music.wav",
                PersonaCorpus.MUSIC.chunks());
        storeRecording(db, personaId, recordingId, speech(String.join(" ", source.chunks()), 160, 60));
        PersonaCorpus.insertChunks(db, owner, personaId, source, PersonaCorpus.MODEL_ID);
        double pitch = given().auth().oauth2(token).get("/personas/{id}/voice", personaId).then().statusCode(200)
                .body("measured", equalTo(true)).body("recordings", equalTo(1)).extract().jsonPath()
                .getDouble("medianPitchHz");
        assertEquals(160, pitch, 160 * 0.15);
        Document stored = db.getCollection("persona_voices").find(new Document("_id", personaId)).first();
        assertNotNull(stored);
        assertEquals(recordingId, stored.getString("recordings"));
    }

    @Test
    void documentSentencesAndRefusalsAreSpokenInThePersonasSynthesisedVoice() {
        MongoDatabase db = mongo.getDatabase(database);
        String personaId = UUID.randomUUID().toString();
        PersonaCorpus.insertPersona(db, owner, personaId, PersonaCorpus.NAME);
        String recordingId = "rec-" + UUID.randomUUID();
        PersonaCorpus.Source cooking = new PersonaCorpus.Source(recordingId, "recording", "cooking.wav",
                PersonaCorpus.COOKING.chunks());
        storeRecording(db, personaId, recordingId, speech(String.join(" ", cooking.chunks()), HIGH_HZ, 60));
        PersonaCorpus.insertChunks(db, owner, personaId, cooking, PersonaCorpus.MODEL_ID);
        PersonaCorpus.insertChunks(db, owner, personaId, PersonaCorpus.BIO, PersonaCorpus.MODEL_ID);

        JsonPath fromDocument = ask(personaId, "Have you ever run a marathon?");
        List<String> kinds = fromDocument.getList("citations.kind");
        assertTrue(kinds.contains("document"), fromDocument.prettify());
        PcmAudio spoken = audioOf(fromDocument.getString("audioUrl"));
        double measured = given().auth().oauth2(token).get("/personas/{id}/voice", personaId).then().statusCode(200)
                .extract().jsonPath().getDouble("medianPitchHz");
        if (!kinds.contains("recording")) {
            assertEquals(measured, PitchEstimator.medianF0(spoken.samples(), RATE), HIGH_HZ * 0.2,
                    "the document's sentences in the persona's synthesised voice");
        }
        assertTrue(spoken.durationSec() > 2, spoken.durationSec() + " s");

        JsonPath refusal = ask(personaId, "Which football club do you support?");
        assertTrue(refusal.getBoolean("refused"), refusal.prettify());
        PcmAudio refused = audioOf(refusal.getString("audioUrl"));
        assertTrue(refused.durationSec() > 0.5, refused.durationSec() + " s");
        assertEquals(measured, PitchEstimator.medianF0(refused.samples(), RATE), HIGH_HZ * 0.2);
    }

    private static PcmAudio audioOf(String url) {
        assertNotNull(url);
        return wav(given().auth().oauth2(token).get(url).then().statusCode(200).contentType("audio/wav").extract()
                .asByteArray());
    }

    @Test
    void speechIsBoundedAndOwnerOnly() {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("text", "x".repeat(1001)))
                .post("/personas/{id}/speech", lowPersona).then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("payload-too-large"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("text", "  "))
                .post("/personas/{id}/speech", lowPersona).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation-failed"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"text\":{\"$gt\":\"\"}}")
                .post("/personas/{id}/speech", lowPersona).then().statusCode(400)
                .contentType("application/problem+json").body("code", notNullValue());
        String other = TestTokens.forOwner("owner-" + UUID.randomUUID());
        given().auth().oauth2(other).contentType(ContentType.JSON).body(Map.of("text", "Hello."))
                .post("/personas/{id}/speech", lowPersona).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("persona-not-found"));
        given().auth().oauth2(other).get("/personas/{id}/voice", lowPersona).then().statusCode(404);
    }

    @Test
    void generatedAudioExpiresAndTheScheduledJobRemovesIt() {
        String id = "speech-test-" + UUID.randomUUID();
        store.put(owner, lowPersona, id, WavCodec.write(new PcmAudio(new short[1600], RATE)),
                Instant.now().plus(Duration.ofHours(1)));
        assertNotNull(store.find(owner, lowPersona, id));
        assertNull(store.find("someone-else", lowPersona, id), "owner only");
        cleanup.purgeNow(Instant.now());
        assertNotNull(store.find(owner, lowPersona, id), "not expired yet");
        assertTrue(cleanup.purgeNow(Instant.now().plus(Duration.ofHours(2))) >= 1);
        assertNull(store.find(owner, lowPersona, id));
        long files = mongo.getDatabase(database).getCollection(GeneratedAudioStore.BUCKET + ".files")
                .countDocuments(new Document("_id", id));
        assertEquals(0, files, "removed from GridFS, not just hidden");
    }
}
