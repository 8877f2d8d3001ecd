package dev.persona.transcribe.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.Topics;
import dev.persona.common.events.TranscriptReady;
import dev.persona.testing.KafkaTestResource;
import dev.persona.common.audio.PcmAudio;
import dev.persona.transcribe.service.PersonaDirectory;
import dev.persona.testing.PersonaChecks;
import dev.persona.transcribe.service.WavReader;
import com.mongodb.client.model.Updates;
import java.util.Date;
import dev.persona.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import org.bson.BsonString;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptCodec;
import dev.persona.common.memory.TranscriptSegment;
import java.util.Locale;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole stage through the real broker, the Mongo-wire server and the real pocketsphinx decoder. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class TranscriptionFlowTest {
    private static final String DLQ = Topics.deadLetter(Topics.AUDIO_UPLOADED);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EventTap tap;

    @Inject
    MongoClient mongo;

    @Inject
    ObjectMapper json;

    private MongoDatabase db;

    @BeforeEach
    void setUp() throws IOException {
        db = mongo.getDatabase("persona");
        injectDecoderFaults(0);
        if (tap == null) {
            String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
            tap = new EventTap(bootstrap, List.of(Topics.AUDIO_UPLOADED, Topics.TRANSCRIPT_READY,
                    Topics.JOB_PROGRESS, DLQ));
        }
    }

    @AfterAll
    static void closeTap() throws InterruptedException {
        if (tap != null) {
            tap.close();
            tap = null;
        }
    }

    @Test
    void speechBecomesAStoredTranscriptAnnouncedOnTheBroker() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        publish(event);

        TranscriptReady ready = awaitReady(event.jobId(), 1).get(0);
        assertEquals(owner, ready.ownerId());
        assertEquals(persona, ready.personaId());
        assertEquals(event.recordingId(), ready.transcriptId());
        assertEquals(event.recordingId(), ready.sourceId());
        assertEquals(SourceKind.recording, ready.sourceKind());
        assertEquals("grandmother.wav", ready.sourceName());
        assertEquals(persona, keyOf(Topics.TRANSCRIPT_READY, event.recordingId()));

        Document doc = transcript(event.recordingId());
        assertNotNull(doc);
        assertEquals(owner, doc.getString("ownerId"));
        assertEquals(persona, doc.getString("personaId"));
        assertEquals(event.recordingId(), doc.getString("sourceId"));
        assertEquals("recording", doc.getString("sourceKind"));
        assertEquals("grandmother.wav", doc.getString("sourceName"));
        assertEquals("en", doc.getString("language"));
        assertEquals("pocketsphinx/en-us", doc.getString("engine"));
        Transcript stored = TranscriptCodec.decode(doc);
        List<TranscriptSegment> segments = stored.segments();
        String raw = String.join(" ", segments.stream().map(TranscriptSegment::rawText).toList());
        // "My grandmother grew tomatoes in her garden every summer. We carried water from the river."
        assertTrue(raw.contains("grandmother") && raw.contains("garden") && raw.contains("river"), raw);
        // Two sentences with a pause between them: two utterances, in time order, each with its own words.
        assertTrue(segments.size() >= 2, segments::toString);
        double previousEnd = 0;
        for (TranscriptSegment s : segments) {
            assertTrue(s.startSec() >= previousEnd && s.startSec() < s.endSec() && s.endSec() <= 5.31, s::toString);
            assertFalse(s.words().isEmpty(), s::toString);
            assertEquals(s.startSec(), s.words().get(0).startSec(), 1e-9);
            assertEquals(s.endSec(), s.words().get(s.words().size() - 1).endSec(), 1e-9);
            assertEquals(s.rawText(), String.join(" ", s.words().stream().map(SpokenWord::text).toList()));
            // Restored for reading: sentence case and a full stop, the recogniser's words unchanged.
            assertTrue(Character.isUpperCase(s.text().charAt(0)) && s.text().endsWith("."), s.text());
            assertEquals(s.rawText().toLowerCase(Locale.ROOT), s.text().substring(0, s.text().length() - 1)
                    .toLowerCase(Locale.ROOT));
            previousEnd = s.endSec();
        }
        assertTrue(segments.get(0).rawText().contains("grandmother"), segments::toString);
        assertTrue(segments.get(segments.size() - 1).rawText().contains("river"), segments::toString);

        List<JobProgress> progress = awaitProgress(event.jobId(), JobStage.transcribed);
        assertEquals(JobStage.transcribing, progress.get(0).stage());
        assertEquals(0.0, progress.get(0).progress());
        assertEquals(JobStage.transcribed, progress.get(progress.size() - 1).stage());
        assertEquals(1.0, progress.get(progress.size() - 1).progress());
        double last = -1;
        for (JobProgress p : progress.subList(0, progress.size() - 1)) {
            assertEquals(JobStage.transcribing, p.stage());
            assertTrue(p.progress() >= last && p.progress() <= 1.0, "progress goes forward: " + progress);
            assertEquals(event.recordingId(), p.sourceId());
            last = p.progress();
        }
    }

    @Test
    void regionsDecodedInParallelBatchesComeBackInOrderWithProgressBetween() throws IOException {
        // Two recordings joined by 1.5 s of low noise: two speech regions, two batches of at most 4 s (test config).
        PcmAudio first = WavReader.read(resource("grandmother.wav"));
        PcmAudio second = WavReader.read(resource("doctor-with-silence.wav"));
        short[] gap = noise(1.5);
        short[] joined = new short[first.samples().length + gap.length + second.samples().length];
        System.arraycopy(first.samples(), 0, joined, 0, first.samples().length);
        System.arraycopy(gap, 0, joined, first.samples().length, gap.length);
        System.arraycopy(second.samples(), 0, joined, first.samples().length + gap.length, second.samples().length);
        double secondStarts = (first.samples().length + gap.length) / 16000.0;

        String owner = newId();
        String persona = persona(owner);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, wav(joined)), joined.length / 16000.0);
        publish(event);
        awaitReady(event.jobId(), 1);

        List<Document> segments = transcript(event.recordingId()).getList("segments", Document.class);
        assertTrue(segments.size() >= 2, segments::toString);
        for (int i = 1; i < segments.size(); i++) {
            assertTrue(segments.get(i).getDouble("startSec") >= segments.get(i - 1).getDouble("endSec"),
                    "segments in time order: " + segments);
        }
        assertTrue(segments.get(0).getString("rawText").contains("grandmother"), segments::toString);
        Document last = segments.get(segments.size() - 1);
        assertTrue(last.getString("rawText").contains("doctor"), segments::toString);
        assertTrue(last.getDouble("startSec") >= secondStarts + 1.5, segments::toString);
        assertTrue(last.getDouble("endSec") <= joined.length / 16000.0, segments::toString);

        List<JobProgress> progress = awaitProgress(event.jobId(), JobStage.transcribed);
        assertTrue(progress.stream().anyMatch(p -> p.stage() == JobStage.transcribing && p.progress() > 0
                && p.progress() < 1), "progress reported between batches: " + progress);
    }

    @Test
    void silenceAroundSpeechIsLeftOutOfTheSegments() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, resource("doctor-with-silence.wav")),
                7.56);
        publish(event);
        awaitReady(event.jobId(), 1);

        List<Document> segments = transcript(event.recordingId()).getList("segments", Document.class);
        String text = String.join(" ", segments.stream().map(s -> s.getString("rawText")).toList());
        // "Please call the doctor before Friday morning." spoken from 2.0 s to about 5.1 s, low noise around it.
        assertTrue(text.contains("doctor") && text.contains("friday"), text);
        assertTrue(segments.get(0).getDouble("startSec") >= 1.6, segments::toString);
        assertTrue(segments.get(segments.size() - 1).getDouble("endSec") <= 5.6, segments::toString);
        assertEquals(7.56, transcript(event.recordingId()).getDouble("durationSec"), 0.01);
    }

    @Test
    void replayingTheSameEventLeavesOneUnchangedTranscript() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        publish(event);
        awaitReady(event.jobId(), 1);
        Document first = transcript(event.recordingId());

        publish(event);
        awaitReady(event.jobId(), 2);
        assertEquals(1, db.getCollection("transcripts").countDocuments(Filters.eq("sourceId", event.recordingId())));
        assertEquals(first, transcript(event.recordingId()));
    }

    @Test
    void pureSilenceFailsTheJobWithAReasonAndWritesNothing() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, wav(noise(4.0))), 4.0);
        publish(event);

        JobProgress failed = awaitProgress(event.jobId(), JobStage.failed).stream()
                .filter(p -> p.stage() == JobStage.failed).findFirst().orElseThrow();
        assertTrue(failed.error().startsWith("no speech detected"), failed.error());
        assertEquals(event.recordingId(), failed.sourceId());
        assertNull(transcript(event.recordingId()));
        assertTrue(tap.events(Topics.TRANSCRIPT_READY, TranscriptReady.class, json).stream()
                .noneMatch(r -> r.jobId().equals(event.jobId())));
        // A recording without speech is an answer, not a fault: it is not dead-lettered.
        assertTrue(dlqHolds(event.recordingId()) == false);
    }

    @Test
    void aFailingRecordingIsReportedDeadLetteredAndTheStageGoesOn() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded missing = event(owner, persona, new ObjectId().toHexString(), 3.0);
        AudioUploaded next = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        publish(missing);
        publish(next);

        JobProgress failed = awaitProgress(missing.jobId(), JobStage.failed).stream()
                .filter(p -> p.stage() == JobStage.failed).findFirst().orElseThrow();
        assertTrue(failed.error().contains("not in the media store"), failed.error());
        await().atMost(WAIT).until(() -> dlqHolds(missing.recordingId()));
        assertNull(transcript(missing.recordingId()));
        // The same partition (same persona key) keeps flowing after the dead-lettered record.
        awaitReady(next.jobId(), 1);
    }

    @Test
    void aDecoderCrashIsRetriedAndTheJobStillSucceeds() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        injectDecoderFaults(1);
        publish(event);
        awaitReady(event.jobId(), 1);
        assertEquals("0", Files.readString(FAULTS).trim(), "the injected fault was hit");
        assertNotNull(transcript(event.recordingId()));
        assertTrue(tap.events(Topics.JOB_PROGRESS, JobProgress.class, json).stream()
                .noneMatch(p -> p.jobId().equals(event.jobId()) && p.stage() == JobStage.failed));
        assertTrue(!dlqHolds(event.recordingId()));
    }

    @Test
    void aDecoderThatKeepsCrashingFailsTheJobAfterRetriesAndDeadLettersIt() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        injectDecoderFaults(5); // more than the engine call's one retry policy allows
        try {
            publish(event);
            JobProgress failed = awaitProgress(event.jobId(), JobStage.failed).stream()
                    .filter(p -> p.stage() == JobStage.failed).findFirst().orElseThrow();
            assertTrue(failed.error().startsWith("transcription failed after retries")
                    && failed.error().contains("exited with code 1"), failed.error());
            await().atMost(WAIT).until(() -> dlqHolds(event.recordingId()));
            assertEquals("2", Files.readString(FAULTS).trim(), "exactly three runs: the first and two retries");
            assertNull(transcript(event.recordingId()));
        } finally {
            injectDecoderFaults(0);
        }
    }

    @Test
    void aRemoteCallThatKeepsFailingIsTriedAFlatNumberOfTimesThenFailsTheJobAndDeadLettersIt() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded doomed = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        AudioUploaded next = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        PersonaChecks.failNext(persona, 100);
        publish(doomed);

        JobProgress failed = awaitProgress(doomed.jobId(), JobStage.failed).stream()
                .filter(p -> p.stage() == JobStage.failed).findFirst().orElseThrow();
        assertTrue(failed.error().startsWith("transcription failed after retries"), failed.error());
        await().atMost(WAIT).until(() -> dlqHolds(doomed.recordingId()));
        // The persona check's own policy (3 retries) and nothing around it: 4 attempts, not 3 x 4 = 12.
        assertEquals(4, PersonaChecks.checks(persona));
        assertNull(transcript(doomed.recordingId()));

        PersonaChecks.failNext(persona, 0);
        publish(next);
        awaitReady(next.jobId(), 1);
    }

    @Test
    void aTransientFailureOfARemoteCallIsRetriedAndTheJobSucceeds() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        PersonaChecks.failNext(persona, 2);
        publish(event);
        awaitReady(event.jobId(), 1);
        // A job checks its persona three times before it announces; the two failed checks were each tried again.
        assertEquals(3 + 2, PersonaChecks.checks(persona));
        assertTrue(tap.events(Topics.JOB_PROGRESS, JobProgress.class, json).stream()
                .noneMatch(p -> p.jobId().equals(event.jobId()) && p.stage() == JobStage.failed));
        assertFalse(dlqHolds(event.recordingId()));
    }

    @Test
    void anUnreadableEventIsDeadLetteredWithoutStoppingTheStage() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        tap.publish(Topics.AUDIO_UPLOADED, persona, "{not json at all");
        AudioUploaded next = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        publish(next);
        awaitReady(next.jobId(), 1);
        await().atMost(WAIT).until(() -> tap.records(DLQ).stream().anyMatch(r -> persona.equals(r.key())));
    }

    @Test
    void aDeletedPersonaGetsNoTranscript() throws IOException {
        String owner = newId();
        String goneId = newId();
        AudioUploaded gone = event(owner, goneId, storeWav(owner, goneId, resource("grandmother.wav")), 5.3);
        String persona = persona(owner);
        AudioUploaded next = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        // Same key, so the second is consumed after the first.
        tap.publish(Topics.AUDIO_UPLOADED, "same-key-" + owner, gone, json);
        tap.publish(Topics.AUDIO_UPLOADED, "same-key-" + owner, next, json);
        awaitReady(next.jobId(), 1);

        assertNull(transcript(gone.recordingId()));
        assertTrue(tap.events(Topics.TRANSCRIPT_READY, TranscriptReady.class, json).stream()
                .noneMatch(r -> r.jobId().equals(gone.jobId())));
        assertTrue(!dlqHolds(gone.recordingId()));
    }

    @Test
    void aPersonaMarkedDeletingGetsNoTranscriptAndNoProgress() throws IOException {
        String owner = newId();
        String marked = persona(owner);
        // ingest-service's erasure has begun: the persona is still there, marked.
        db.getCollection("personas").updateOne(Filters.eq("_id", marked),
                Updates.set(PersonaDirectory.DELETING_AT, new Date()));
        AudioUploaded doomed = event(owner, marked, storeWav(owner, marked, resource("grandmother.wav")), 5.3);
        String persona = persona(owner);
        AudioUploaded next = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        tap.publish(Topics.AUDIO_UPLOADED, "same-key-" + owner, doomed, json);
        tap.publish(Topics.AUDIO_UPLOADED, "same-key-" + owner, next, json);
        awaitReady(next.jobId(), 1);

        assertNull(transcript(doomed.recordingId()));
        assertTrue(tap.events(Topics.TRANSCRIPT_READY, TranscriptReady.class, json).stream()
                .noneMatch(r -> r.jobId().equals(doomed.jobId())));
        assertTrue(tap.events(Topics.JOB_PROGRESS, JobProgress.class, json).stream()
                .noneMatch(p -> p.jobId().equals(doomed.jobId())), "nothing is reported for it either");
        assertFalse(dlqHolds(doomed.recordingId()));
    }

    @Test
    void aTranscriptWrittenJustAsTheErasureBeganIsRemovedAgainAndNotAnnounced() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        // Marked right after the check before the write said yes: the erasure may pass before the write lands.
        PersonaChecks.markAfter(persona, 2);
        AudioUploaded event = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        publish(event);

        // The third check comes only after the write; the transcript is gone once it said no.
        await().atMost(WAIT).until(() -> PersonaChecks.checks(persona) >= 3
                && transcript(event.recordingId()) == null);
        assertEquals(3, PersonaChecks.checks(persona));
        List<JobProgress> progress = tap.events(Topics.JOB_PROGRESS, JobProgress.class, json).stream()
                .filter(p -> p.jobId().equals(event.jobId())).toList();
        assertTrue(progress.stream().noneMatch(p -> p.stage() == JobStage.transcribed), progress::toString);
        assertTrue(tap.events(Topics.TRANSCRIPT_READY, TranscriptReady.class, json).stream()
                .noneMatch(r -> r.jobId().equals(event.jobId())));
        assertFalse(dlqHolds(event.recordingId()));
    }

    @Test
    void personaOfAnotherOwnerCountsAsDeleted() throws IOException {
        String owner = newId();
        String other = newId();
        String othersPersona = persona(other);
        AudioUploaded forged = event(owner, othersPersona, storeWav(other, othersPersona, resource("grandmother.wav")),
                5.3);
        String persona = persona(owner);
        AudioUploaded next = event(owner, persona, storeWav(owner, persona, resource("grandmother.wav")), 5.3);
        tap.publish(Topics.AUDIO_UPLOADED, "same-key-" + owner, forged, json);
        tap.publish(Topics.AUDIO_UPLOADED, "same-key-" + owner, next, json);
        awaitReady(next.jobId(), 1);
        assertNull(transcript(forged.recordingId()));
    }

    @Test
    void anotherOwnersMediaIsNotRead() throws IOException {
        String owner = newId();
        String persona = persona(owner);
        String other = newId();
        String othersMedia = storeWav(other, persona(other), resource("grandmother.wav"));
        AudioUploaded event = event(owner, persona, othersMedia, 5.3);
        publish(event);
        JobProgress failed = awaitProgress(event.jobId(), JobStage.failed).stream()
                .filter(p -> p.stage() == JobStage.failed).findFirst().orElseThrow();
        assertTrue(failed.error().contains("not in the media store"), failed.error());
        assertNull(transcript(event.recordingId()));
    }

    @Test
    void readinessReportsTheSpeechEngine() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("speech-engine"));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("persona_transcribe_real_time_factor"));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Read by the test decoder wrapper (src/test/decoder): the next {@code n} decoder runs fail. */
    private static final Path FAULTS = Path.of("target/decoder-faults");

    private static void injectDecoderFaults(int n) throws IOException {
        Files.writeString(FAULTS, Integer.toString(n));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private String persona(String owner) {
        String id = newId();
        db.getCollection("personas").insertOne(new Document("_id", id).append("ownerId", owner)
                .append("name", "Test persona").append("language", "en"));
        return id;
    }

    /** As ingest-service stores it: a string id, owner and persona in the metadata. */
    private String storeWav(String owner, String persona, byte[] wav) {
        GridFSBucket bucket = GridFSBuckets.create(db, "media");
        String id = "recording-" + newId() + "-16k.wav";
        bucket.uploadFromStream(new BsonString(id), "normalised.wav", new ByteArrayInputStream(wav),
                new GridFSUploadOptions().metadata(new Document("ownerId", owner).append("personaId", persona)
                        .append("role", "normalised")));
        return id;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TranscriptionFlowTest.class.getResourceAsStream("/audio/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Low white noise, as a quiet room with nobody speaking records. */
    private static short[] noise(double seconds) {
        Random random = new Random(3);
        short[] samples = new short[(int) (seconds * 16000)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(random.nextGaussian() * 25);
        }
        return samples;
    }

    private static byte[] wav(short[] samples) throws IOException {
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        pcm.asShortBuffer().put(samples);
        AudioFormat format = new AudioFormat(16000, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, samples.length),
                AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    private static AudioUploaded event(String owner, String persona, String mediaRef, double seconds) {
        String name = "grandmother.wav";
        return AudioUploaded.of(owner, persona, newId(), newId(), name, "wav", mediaRef, mediaRef, seconds, "en");
    }

    private void publish(AudioUploaded event) {
        tap.publish(Topics.AUDIO_UPLOADED, event.personaId(), event, json);
    }

    private Document transcript(String recordingId) {
        return db.getCollection("transcripts").find(Filters.eq("_id", recordingId)).first();
    }

    private List<TranscriptReady> awaitReady(String jobId, int count) {
        return await().atMost(WAIT).until(() -> tap.events(Topics.TRANSCRIPT_READY, TranscriptReady.class, json)
                .stream().filter(r -> r.jobId().equals(jobId)).toList(), list -> list.size() >= count);
    }

    private List<JobProgress> awaitProgress(String jobId, JobStage until) {
        return await().atMost(WAIT).until(() -> tap.events(Topics.JOB_PROGRESS, JobProgress.class, json).stream()
                .filter(p -> p.jobId().equals(jobId)).toList(), list -> list.stream().anyMatch(p -> p.stage() == until));
    }

    private String keyOf(String topic, String recordingId) {
        return tap.records(topic).stream().filter(r -> r.value() != null && r.value().contains(recordingId))
                .map(ConsumerRecord::key).findFirst().orElse(null);
    }

    private boolean dlqHolds(String recordingId) {
        return tap.records(DLQ).stream().anyMatch(r -> r.value() != null && r.value().contains(recordingId));
    }
}
