package dev.persona.embed.messaging;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.persona.common.embedding.EmbeddingModels;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.memory.ChunkCodec;
import dev.persona.common.memory.ChunkSentence;
import dev.persona.common.memory.MemoryChunk;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptCodec;
import dev.persona.common.memory.TranscriptSegment;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
import dev.persona.embed.domain.PersonaDirectory;
import dev.persona.testing.PersonaChecks;
import org.bson.Document;
import org.bson.types.Binary;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stage end to end: transcripts in the MongoDB-wire server (written with the shared {@link TranscriptCodec}),
 * {@code transcript-ready} on the real Kafka broker, real ONNX embeddings, and what comes out on {@code chunks} (read
 * back with the shared {@link ChunkCodec}), {@code chunks-embedded}, {@code job-progress} and the dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class TranscriptReadyFlowTest {
    private static final String MODEL = EmbeddingModels.BGE_SMALL_EN_V15_Q.id();
    private static final int DIMENSION = 384;
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

    /** Stores a transcript exactly as its writers do, through the shared codec, under {@code _id = sourceId}. */
    private void transcript(String ownerId, String personaId, String sourceId, SourceKind kind, String name,
            List<TranscriptSegment> segments) {
        boolean recording = kind == SourceKind.recording;
        Double duration = recording ? segments.stream().map(TranscriptSegment::endSec)
                .filter(java.util.Objects::nonNull).max(Double::compare).orElse(0.0) : null;
        Transcript transcript = new Transcript(sourceId, ownerId, personaId, kind, name, "en",
                recording ? "test" : "pdfbox", recording ? null : "pdf", null, duration, duration, segments,
                Instant.now());
        storeRaw(TranscriptCodec.encode(transcript));
    }

    private void storeRaw(Document transcript) {
        collection(MemoryCollections.TRANSCRIPTS).replaceOne(eq("_id", transcript.get("_id")), transcript,
                new ReplaceOptions().upsert(true));
    }

    /** An utterance as transcribe-service writes it: restored {@code text}, untouched {@code rawText}, timed words. */
    private static TranscriptSegment utterance(double start, double end, String text) {
        String[] tokens = text.strip().split(" +");
        List<SpokenWord> words = new ArrayList<>();
        double step = (end - start) / tokens.length;
        for (int k = 0; k < tokens.length; k++) {
            String raw = tokens[k].toLowerCase().replaceAll("[^\\p{L}\\p{N}'\\[\\]]", "");
            if (!raw.isEmpty()) {
                words.add(new SpokenWord(raw, round(start + k * step), round(start + (k + 1) * step)));
            }
        }
        return TranscriptSegment.spoken(start, end, text,
                words.stream().map(SpokenWord::text).collect(Collectors.joining(" ")), words);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    /** Timed utterances of spoken memories with fillers, markers and stutters, "Story N" marking each. */
    private static List<TranscriptSegment> spokenSegments(int count) {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            segments.add(utterance(i * 8.0, i * 8.0 + 7.25, spokenText(i)));
        }
        return segments;
    }

    private static String spokenText(int i) {
        return "Um, Story " + i + " is about the harbour where my my grandfather mended nets [noise] in the winter of 19"
                + (40 + i) + ", and uh the gulls followed the boats home.";
    }

    /** What the cleaner makes of {@link #spokenText}. */
    private static String cleanedSpokenText(int i) {
        return "Story " + i + " is about the harbour where my grandfather mended nets in the winter of 19" + (40 + i)
                + ", and the gulls followed the boats home.";
    }

    private static List<TranscriptSegment> pages(int count) {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (int p = 1; p <= count; p++) {
            StringBuilder text = new StringBuilder();
            for (int k = 1; k <= 6; k++) {
                text.append("In note ").append(p).append('-').append(k)
                        .append(" I wrote that the village school had a single classroom heated by a wood stove.");
                text.append(k == 3 ? "\n\n" : " ");
            }
            segments.add(TranscriptSegment.written(p, text.toString().strip()));
        }
        return segments;
    }

    private void publish(TranscriptReady event) throws Exception {
        producer.send(new ProducerRecord<>("transcript-ready", event.personaId(), json.writeValueAsString(event)))
                .get();
    }

    private List<Document> rawChunks(String ownerId, String personaId, String sourceId) {
        return collection(MemoryCollections.CHUNKS).find(and(eq("ownerId", ownerId), eq("personaId", personaId),
                eq("sourceId", sourceId))).sort(Sorts.ascending("embeddingModelId", "index")).into(new ArrayList<>());
    }

    /** The stored chunks of a source, read the way chat-service reads them. */
    private List<MemoryChunk> chunks(String ownerId, String personaId, String sourceId) {
        return rawChunks(ownerId, personaId, sourceId).stream().map(ChunkCodec::decode).toList();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot; // both unit length
    }

    private static void assertUnitVector(float[] vector, String what) {
        assertNotNull(vector, what + " has a vector");
        assertEquals(DIMENSION, vector.length, what);
        assertEquals(1.0, norm(vector), 1e-3, what);
    }

    private static List<String> sentenceTexts(MemoryChunk chunk) {
        return chunk.sentences().stream().map(s -> s.textOf(chunk.text())).toList();
    }

    /** Spans cut the text into its sentences (one space between), and the chunk's seconds/pages are theirs. */
    private static void assertSentencesTile(MemoryChunk chunk) {
        assertFalse(chunk.sentences().isEmpty(), "stored with its sentences: " + chunk.text());
        int at = 0;
        for (ChunkSentence s : chunk.sentences()) {
            assertEquals(at, s.start(), "spans follow each other: " + chunk.text());
            at = s.end() + 1;
        }
        assertEquals(chunk.text().length() + 1, at, "the spans cover the text: " + chunk.text());
        assertEquals(chunk.text(), String.join(" ", sentenceTexts(chunk)));
        ChunkSentence first = chunk.sentences().get(0);
        ChunkSentence last = chunk.sentences().get(chunk.sentences().size() - 1);
        if (chunk.sourceKind() == SourceKind.recording) {
            assertEquals(first.startSec(), chunk.startSec(), "starts with its first sentence: " + chunk.text());
            assertEquals(last.endSec(), chunk.endSec(), "ends with its last sentence: " + chunk.text());
            chunk.sentences().forEach(s -> assertNull(s.page()));
            assertNull(chunk.page());
        } else {
            assertEquals(first.page(), chunk.page(), chunk.text());
            assertEquals(last.page(), chunk.endPage(), chunk.text());
            chunk.sentences().forEach(s -> assertNull(s.startSec()));
            assertNull(chunk.startSec());
        }
    }

    private double counter(String outcome) {
        Counter counter = metrics.find("persona.embed.transcripts").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double vectors(String how) {
        return metrics.counter("persona.embed.chunks", "vector", how).count();
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
        transcript(owner, personaId, sourceId, SourceKind.recording, "harbour.m4a", spokenSegments(40));

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "harbour.m4a", sourceId,
                "en"));
        awaitStage(jobId, "ready", 1);

        List<MemoryChunk> stored = chunks(owner, personaId, sourceId);
        assertTrue(stored.size() >= 3, "40 utterances of ~30 tokens make several 350-token chunks: " + stored.size());
        TreeSet<Integer> storiesSeen = new TreeSet<>();
        for (int i = 0; i < stored.size(); i++) {
            MemoryChunk chunk = stored.get(i);
            assertEquals(i, chunk.index());
            assertEquals(sha256(sourceId + "|" + MODEL + "|" + i), chunk.id());
            assertEquals(owner, chunk.ownerId());
            assertEquals(personaId, chunk.personaId());
            assertEquals(sourceId, chunk.transcriptId());
            assertEquals(SourceKind.recording, chunk.sourceKind());
            assertEquals("harbour.m4a", chunk.sourceName());
            assertEquals("en", chunk.language());
            assertEquals(MODEL, chunk.embeddingModelId());
            assertNotNull(chunk.updatedAt());
            assertTrue(chunk.tokenCount() <= 350);
            String text = chunk.text();
            assertFalse(text.contains("[noise]") || text.contains(" uh ") || text.startsWith("Um")
                    || text.contains("my my"), "speech is cleaned: " + text);
            // Seconds come from exactly the utterances the chunk holds, one sentence each.
            Matcher m = STORY.matcher(text);
            List<Integer> stories = new ArrayList<>();
            while (m.find()) {
                stories.add(Integer.parseInt(m.group(1)));
            }
            assertEquals(stories.size(), chunk.sentences().size(), "one sentence per utterance: " + text);
            assertEquals(stories.get(0) * 8.0, chunk.startSec(), text);
            assertEquals(stories.get(stories.size() - 1) * 8.0 + 7.25, chunk.endSec(), text);
            assertNull(chunk.page());
            assertSentencesTile(chunk);
            for (int k = 0; k < stories.size(); k++) {
                ChunkSentence sentence = chunk.sentences().get(k);
                int story = stories.get(k);
                assertEquals(cleanedSpokenText(story), sentence.textOf(text));
                assertEquals(story * 8.0, sentence.startSec());
                assertEquals(story * 8.0 + 7.25, sentence.endSec());
                assertUnitVector(sentence.vector(), "sentence " + k + " of chunk " + i);
                if (k > 0) {
                    assertEquals(stories.get(k - 1) + 1, story, "utterances in order");
                }
            }
            storiesSeen.addAll(stories);
            assertUnitVector(chunk.vector(), "chunk " + i);
        }
        assertEquals(40, storiesSeen.size(), "every utterance lands in some chunk");
        List<String> firstSentences = sentenceTexts(stored.get(0));
        assertEquals(firstSentences.get(firstSentences.size() - 1), sentenceTexts(stored.get(1)).get(0),
                "consecutive chunks overlap by a sentence");

        // Stored as packed float32, the codec's format: 384 floats of 4 bytes, for the chunk and each sentence.
        Document raw = rawChunks(owner, personaId, sourceId).get(0);
        assertEquals(MemoryChunk.SCHEMA_VERSION, raw.getInteger("schemaVersion"));
        assertEquals(DIMENSION * Float.BYTES, assertInstanceOf(Binary.class, raw.get("vector")).length());
        for (Document s : raw.getList("sentences", Document.class)) {
            assertEquals(DIMENSION * Float.BYTES, assertInstanceOf(Binary.class, s.get("vector")).length());
        }

        // The stored vectors are the model's embeddings of the stored texts, not placeholders.
        MemoryChunk first = stored.get(0);
        assertTrue(cosine(engine.embed(first.text()), first.vector()) > 0.999);
        for (ChunkSentence s : first.sentences()) {
            assertTrue(cosine(engine.embed(s.textOf(first.text())), s.vector()) > 0.999);
        }

        await().atMost(WAIT).until(() -> !recorder.forJob("chunks-embedded", jobId).isEmpty());
        TopicRecorder.Received announced = recorder.forJob("chunks-embedded", jobId).get(0);
        assertEquals(personaId, announced.key());
        assertEquals(MODEL, announced.value().path("embeddingModelId").asText());
        assertEquals(sourceId, announced.value().path("sourceId").asText());
        List<String> announcedIds = new ArrayList<>();
        announced.value().path("chunkIds").forEach(id -> announcedIds.add(id.asText()));
        assertEquals(ids(stored), announcedIds);

        List<String> stages = recorder.stages(jobId);
        assertEquals("embedding", stages.get(0));
        assertEquals("ready", stages.get(stages.size() - 1));
        assertFalse(stages.contains("failed"));
        recorder.forJob("job-progress", jobId).forEach(r -> assertEquals(personaId, r.key()));
    }

    @Test
    void recordingSentencesCarryTheirUtterancesSecondsAndTheirOwnVectors() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        String walk = "and then we would walk along the harbour wall counting the boats ".repeat(32).strip();
        List<TranscriptSegment> utterances = List.of(
                utterance(3.2, 6.9, "I grew up in a fishing village on the north coast."),
                utterance(7.4, 12.15, "Every morning my father took the boat out before sunrise."),
                utterance(13.0, 18.4, "On Sundays my mother slow-cooked a beef stew with garlic, thyme and red wine."),
                utterance(19.05, 22.3, "The whole street could smell it by noon."),
                utterance(23.0, 83.0, walk), // said in one breath, without punctuation: longer than a chunk
                utterance(84.0, 88.5, "Later I moved to the city to study engineering."),
                utterance(90.0, 94.0, "I still miss the sound of the gulls."));
        transcript(owner, personaId, sourceId, SourceKind.recording, "childhood.wav", utterances);

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "childhood.wav",
                sourceId, "en"));
        awaitStage(jobId, "ready", 1);

        List<MemoryChunk> stored = chunks(owner, personaId, sourceId);
        assertTrue(stored.size() >= 2, "~450 tokens need two 350-token chunks: " + stored.size());
        // Every distinct sentence of the source, in order (overlap repeats one at the start of the next chunk).
        Map<String, ChunkSentence> distinct = new LinkedHashMap<>();
        for (MemoryChunk chunk : stored) {
            assertSentencesTile(chunk);
            assertUnitVector(chunk.vector(), "chunk " + chunk.index());
            Double previousEnd = null;
            for (ChunkSentence s : chunk.sentences()) {
                String text = s.textOf(chunk.text());
                assertUnitVector(s.vector(), "sentence '" + text + "'");
                assertNotNull(s.startSec(), text);
                assertTrue(s.endSec() > s.startSec(), text);
                if (previousEnd != null) {
                    assertTrue(s.startSec() >= previousEnd, "sentences in increasing time within a chunk: " + text);
                }
                previousEnd = s.endSec();
                ChunkSentence seen = distinct.putIfAbsent(text + "@" + s.startSec(), s);
                if (seen != null) {
                    assertEquals(seen.endSec(), s.endSec());
                    assertArrayEquals(seen.vector(), s.vector(), "a repeated sentence keeps its vector");
                }
            }
        }
        List<ChunkSentence> sentences = new ArrayList<>(distinct.values());
        List<String> texts = distinct.keySet().stream().map(k -> k.substring(0, k.lastIndexOf('@'))).toList();
        for (int k = 1; k < sentences.size(); k++) {
            assertTrue(sentences.get(k).startSec() > sentences.get(k - 1).startSec(), "increasing seconds");
            assertTrue(sentences.get(k).startSec() >= sentences.get(k - 1).endSec(), "no overlap in time");
        }

        // Whole utterances are sentences with exactly their seconds; the long one is cut into pieces inside it.
        List<ChunkSentence> whole = new ArrayList<>();
        List<ChunkSentence> pieces = new ArrayList<>();
        List<String> pieceTexts = new ArrayList<>();
        for (int k = 0; k < sentences.size(); k++) {
            if (texts.get(k).contains("harbour wall")) {
                pieces.add(sentences.get(k));
                pieceTexts.add(texts.get(k));
            } else {
                whole.add(sentences.get(k));
            }
        }
        List<TranscriptSegment> spoken = utterances.stream().filter(u -> !u.text().equals(walk)).toList();
        assertEquals(spoken.stream().map(TranscriptSegment::text).toList(),
                texts.stream().filter(t -> !t.contains("harbour wall")).toList());
        assertEquals(spoken.stream().map(TranscriptSegment::startSec).toList(),
                whole.stream().map(ChunkSentence::startSec).toList());
        assertEquals(spoken.stream().map(TranscriptSegment::endSec).toList(),
                whole.stream().map(ChunkSentence::endSec).toList());
        assertTrue(pieces.size() >= 6, "~420 tokens in pieces of at most 60: " + pieces.size());
        assertEquals(walk, String.join(" ", pieceTexts), "the pieces are the utterance, in order");
        assertEquals(23.0, pieces.get(0).startSec());
        assertEquals(83.0, pieces.get(pieces.size() - 1).endSec());
        for (int k = 0; k < pieces.size(); k++) {
            assertTrue(pieces.get(k).startSec() >= 23.0 && pieces.get(k).endSec() <= 83.0, "inside the utterance");
            if (k > 0) {
                assertTrue(pieces.get(k).startSec() > pieces.get(k - 1).startSec(), "pieces' seconds increase");
            }
        }

        // Each sentence has its own embedding: a question finds the one sentence, with the seconds to play it from.
        for (int k = 0; k < sentences.size(); k++) {
            assertTrue(cosine(engine.embed(texts.get(k)), sentences.get(k).vector()) > 0.999, texts.get(k));
        }
        float[] question = engine.embed("What did your mother cook on Sundays?");
        int best = 0;
        for (int k = 1; k < sentences.size(); k++) {
            if (cosine(question, sentences.get(k).vector()) > cosine(question, sentences.get(best).vector())) {
                best = k;
            }
        }
        assertTrue(texts.get(best).contains("beef stew"), texts.get(best));
        assertEquals(13.0, sentences.get(best).startSec());
        assertEquals(18.4, sentences.get(best).endSec());
    }

    private static List<String> ids(List<MemoryChunk> chunks) {
        return chunks.stream().map(MemoryChunk::id).collect(Collectors.toList());
    }

    @Test
    void documentChunksAndTheirSentencesCarryThePagesTheyCameFrom() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.document, "school-memoir.pdf", pages(8));

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.document, "school-memoir.pdf",
                sourceId, "en"));
        awaitStage(jobId, "ready", 1);

        List<MemoryChunk> stored = chunks(owner, personaId, sourceId);
        assertTrue(stored.size() >= 3, "8 pages of ~130 tokens: " + stored.size());
        TreeSet<String> notes = new TreeSet<>();
        for (MemoryChunk chunk : stored) {
            String text = chunk.text();
            Matcher m = NOTE.matcher(text);
            TreeSet<Integer> pagesOfText = new TreeSet<>();
            while (m.find()) {
                pagesOfText.add(Integer.parseInt(m.group(1)));
                notes.add(m.group());
            }
            assertEquals(pagesOfText.first(), chunk.page(), text);
            assertEquals(pagesOfText.last(), chunk.endPage(), text);
            assertNull(chunk.startSec());
            assertNull(chunk.endSec());
            assertEquals(SourceKind.document, chunk.sourceKind());
            assertEquals("school-memoir.pdf", chunk.sourceName());
            assertSentencesTile(chunk);
            assertUnitVector(chunk.vector(), "chunk " + chunk.index());
            for (ChunkSentence s : chunk.sentences()) {
                String sentence = s.textOf(text);
                Matcher note = NOTE.matcher(sentence);
                assertTrue(note.find() && sentence.startsWith("In note ") && sentence.endsWith("wood stove."),
                        "one written sentence: " + sentence);
                assertEquals(Integer.parseInt(note.group(1)), s.page(), "a sentence carries its page: " + sentence);
                assertNull(s.startSec());
                assertUnitVector(s.vector(), sentence);
            }
        }
        assertEquals(48, notes.size(), "every sentence of every page is in some chunk");
    }

    @Test
    void version1TranscriptDocumentsStillEmbed() throws Exception {
        // What transcribe-service and ingest-service wrote before schema version 2: no schemaVersion, no words, no
        // rawText, integer seconds here and there, and explicit nulls. Hand-built on purpose: the codec writes v2.
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String recordingId = UUID.randomUUID().toString();
        String documentId = UUID.randomUUID().toString();
        List<Document> spoken = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            spoken.add(new Document("startSec", i * 5).append("endSec", i * 5 + 4.5)
                    .append("text", "Story " + i + " is about the lighthouse my aunt kept for thirty years."));
        }
        storeRaw(new Document("_id", recordingId).append("ownerId", owner).append("personaId", personaId)
                .append("sourceId", recordingId).append("sourceKind", "recording").append("sourceName", "old.wav")
                .append("language", "en").append("engine", "whisper").append("segments", spoken));
        storeRaw(new Document("_id", documentId).append("ownerId", owner).append("personaId", personaId)
                .append("sourceId", documentId).append("sourceKind", "document").append("sourceName", "old.pdf")
                .append("language", "en").append("engine", "pdfbox").append("segments", List.of(
                        new Document("startSec", null).append("endSec", null).append("page", 1)
                                .append("text", "The lighthouse stood on the point. My aunt kept it."),
                        new Document("startSec", null).append("endSec", null).append("page", 2L)
                                .append("text", "She painted it white every spring."))));
        String recordingJob = UUID.randomUUID().toString();
        String documentJob = UUID.randomUUID().toString();

        publish(TranscriptReady.of(owner, personaId, recordingJob, recordingId, SourceKind.recording, "old.wav",
                recordingId, "en"));
        publish(TranscriptReady.of(owner, personaId, documentJob, documentId, SourceKind.document, "old.pdf",
                documentId, "en"));
        awaitStage(recordingJob, "ready", 1);
        awaitStage(documentJob, "ready", 1);

        List<MemoryChunk> recording = chunks(owner, personaId, recordingId);
        assertFalse(recording.isEmpty());
        List<Double> starts = new ArrayList<>();
        for (MemoryChunk chunk : recording) {
            assertSentencesTile(chunk);
            assertUnitVector(chunk.vector(), "chunk");
            for (ChunkSentence s : chunk.sentences()) {
                int story = Integer.parseInt(s.textOf(chunk.text()).split(" ")[1]);
                assertEquals(story * 5.0, s.startSec());
                assertEquals(story * 5.0 + 4.5, s.endSec());
                assertUnitVector(s.vector(), s.textOf(chunk.text()));
                if (!starts.contains(s.startSec())) {
                    starts.add(s.startSec());
                }
            }
        }
        assertEquals(12, starts.size(), "every old segment became a sentence");
        assertEquals(0.0, recording.get(0).startSec());

        List<MemoryChunk> document = chunks(owner, personaId, documentId);
        assertEquals(1, document.size());
        MemoryChunk chunk = document.get(0);
        assertSentencesTile(chunk);
        assertEquals(List.of("The lighthouse stood on the point.", "My aunt kept it.",
                "She painted it white every spring."), sentenceTexts(chunk));
        assertEquals(List.of(1, 1, 2), chunk.sentences().stream().map(ChunkSentence::page).toList());
        assertEquals(1, chunk.page());
        assertEquals(2, chunk.endPage());
        chunk.sentences().forEach(s -> assertUnitVector(s.vector(), "sentence"));
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
        List<MemoryChunk> first = chunks(owner, personaId, sourceId);
        double reusedBefore = vectors("reused");
        double computedBefore = vectors("computed");

        publish(event); // the very same record again
        for (int i = 0; i < 5; i++) { // and a burst of duplicates with fresh event ids
            publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "long.wav", sourceId,
                    "en"));
        }
        awaitStage(jobId, "ready", 7);

        List<MemoryChunk> after = chunks(owner, personaId, sourceId);
        assertEquals(first.size(), after.size());
        assertEquals(ids(first), ids(after));
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).text(), after.get(i).text());
            assertArrayEquals(first.get(i).vector(), after.get(i).vector());
            assertEquals(first.get(i).sentences().size(), after.get(i).sentences().size());
            for (int k = 0; k < first.get(i).sentences().size(); k++) {
                ChunkSentence before = first.get(i).sentences().get(k);
                ChunkSentence now = after.get(i).sentences().get(k);
                assertEquals(before.start(), now.start());
                assertEquals(before.end(), now.end());
                assertEquals(before.startSec(), now.startSec());
                assertArrayEquals(before.vector(), now.vector(), "sentence vectors are kept too");
            }
        }
        assertEquals(reusedBefore + 6.0 * first.size(), vectors("reused"),
                "duplicates reuse the stored vectors instead of running the model again");
        assertEquals(computedBefore, vectors("computed"), "no chunk was embedded again");
        assertEquals(7, recorder.forJob("chunks-embedded", jobId).size());

        // The source is re-transcribed shorter: fewer chunks, none left over from the longer version.
        transcript(owner, personaId, sourceId, SourceKind.recording, "long.wav", spokenSegments(8));
        publish(event);
        awaitStage(jobId, "ready", 8);
        List<MemoryChunk> shorter = chunks(owner, personaId, sourceId);
        assertTrue(shorter.size() < first.size());
        assertEquals(ids(first).subList(0, shorter.size()), ids(shorter));
        assertEquals(shorter.size() - 1, shorter.get(shorter.size() - 1).index());
    }

    @Test
    void aReplayReusesEveryVectorAndAChangedSentenceIsEmbeddedAgain() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        List<TranscriptSegment> segments = new ArrayList<>(spokenSegments(30));
        transcript(owner, personaId, sourceId, SourceKind.recording, "edit.wav", segments);
        TranscriptReady event = TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording,
                "edit.wav", sourceId, "en");
        publish(event);
        awaitStage(jobId, "ready", 1);
        List<MemoryChunk> before = chunks(owner, personaId, sourceId);
        assertTrue(before.size() >= 3, "several chunks: " + before.size());

        // The same transcript again: every vector is reused, the model does not run. (Direct calls, so the Outcome
        // says how many chunks were embedded; the consumer's counters are covered by the redelivery test.)
        Outcome replay = embedder.process(event).await().atMost(WAIT);
        assertEquals(Outcome.Kind.EMBEDDED, replay.kind());
        assertEquals(0, replay.embedded());
        assertEquals(before.size(), replay.reused());
        assertEquals(ids(before), replay.chunkIds());

        // One utterance near the end is transcribed differently: only the chunks holding it are embedded again.
        String changed = "Story 27 is about the lighthouse keeper who taught me to row across the bay.";
        segments.set(27, utterance(27 * 8.0, 27 * 8.0 + 7.25, changed));
        transcript(owner, personaId, sourceId, SourceKind.recording, "edit.wav", segments);
        Outcome edited = embedder.process(event).await().atMost(WAIT);
        List<MemoryChunk> after = chunks(owner, personaId, sourceId);

        assertEquals(Outcome.Kind.EMBEDDED, edited.kind());
        assertEquals(ids(after), edited.chunkIds());
        int textChanged = 0;
        for (int i = 0; i < after.size(); i++) {
            MemoryChunk now = after.get(i);
            MemoryChunk old = i < before.size() ? before.get(i) : null;
            if (old != null && old.text().equals(now.text())) {
                assertArrayEquals(old.vector(), now.vector(), "an unchanged chunk keeps its vector: " + i);
                for (int k = 0; k < now.sentences().size(); k++) {
                    assertArrayEquals(old.sentences().get(k).vector(), now.sentences().get(k).vector());
                }
                continue;
            }
            textChanged++;
            assertTrue(now.text().contains("lighthouse keeper") || old == null, "only chunks with the edit change");
            // The new text's vector. (It may equal the old one bit for bit: the model reads only a text's first
            // 126 word pieces, see theModelReadsOnlyTheFirst126WordPiecesOfAText.)
            assertTrue(cosine(engine.embed(now.text()), now.vector()) > 0.999, "the new text's vector");
            for (ChunkSentence s : now.sentences()) {
                String text = s.textOf(now.text());
                assertTrue(cosine(engine.embed(text), s.vector()) > 0.999, text);
                if (text.equals(changed)) {
                    assertEquals(27 * 8.0, s.startSec());
                    assertEquals(27 * 8.0 + 7.25, s.endSec());
                }
            }
        }
        assertTrue(textChanged >= 1 && textChanged < after.size(), "the edit touches some chunks, not all: "
                + textChanged + " of " + after.size());
        assertEquals(textChanged, edited.embedded(), "the model runs for the changed chunks only");
        assertEquals(after.size() - textChanged, edited.reused());
        MemoryChunk withEdit = after.stream().filter(c -> c.text().contains(changed)).findFirst().orElseThrow();
        ChunkSentence oldSentence = before.stream().flatMap(c -> c.sentences().stream()
                        .filter(s -> s.startSec() == 27 * 8.0)).findFirst().orElseThrow();
        ChunkSentence newSentence = withEdit.sentences().stream().filter(s -> s.startSec() == 27 * 8.0).findFirst()
                .orElseThrow();
        assertEquals(changed, newSentence.textOf(withEdit.text()));
        assertTrue(cosine(oldSentence.vector(), newSentence.vector()) < 0.95, "the changed sentence has a new vector");
        assertTrue(cosine(engine.embed(changed), newSentence.vector()) > 0.999);
    }

    @Test
    void storedChunksMissingSentenceVectorsAreEmbeddedAgain() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "partial.wav", spokenSegments(30));
        TranscriptReady event = TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording,
                "partial.wav", sourceId, "en");
        publish(event);
        awaitStage(jobId, "ready", 1);
        List<MemoryChunk> before = chunks(owner, personaId, sourceId);
        assertTrue(before.size() >= 3);

        // Chunk 0 as version 1 stored it (a list of doubles, no sentences); chunk 1 lost one sentence's vector.
        MemoryChunk c0 = before.get(0);
        Document v1 = ChunkCodec.encode(new MemoryChunk(c0.id(), c0.ownerId(), c0.personaId(), c0.sourceId(),
                c0.sourceKind(), c0.sourceName(), c0.transcriptId(), c0.language(), c0.index(), c0.text(),
                c0.tokenCount(), c0.startSec(), c0.endSec(), null, null, List.of(), null, c0.embeddingModelId(),
                c0.updatedAt()));
        v1.remove("schemaVersion");
        v1.remove("sentences");
        List<Double> listed = new ArrayList<>();
        for (float v : c0.vector()) {
            listed.add((double) v);
        }
        v1.append("vector", listed);
        MemoryChunk c1 = before.get(1);
        List<ChunkSentence> holed = new ArrayList<>(c1.sentences());
        holed.set(1, holed.get(1).withVector(null));
        Document partial = ChunkCodec.encode(new MemoryChunk(c1.id(), c1.ownerId(), c1.personaId(), c1.sourceId(),
                c1.sourceKind(), c1.sourceName(), c1.transcriptId(), c1.language(), c1.index(), c1.text(),
                c1.tokenCount(), c1.startSec(), c1.endSec(), null, null, holed, c1.vector(), c1.embeddingModelId(),
                c1.updatedAt()));
        collection(MemoryCollections.CHUNKS).replaceOne(eq("_id", c0.id()), v1);
        collection(MemoryCollections.CHUNKS).replaceOne(eq("_id", c1.id()), partial);
        assertTrue(chunks(owner, personaId, sourceId).get(0).sentences().isEmpty(), "stored as version 1");

        Outcome outcome = embedder.process(event).await().atMost(WAIT);

        assertEquals(2, outcome.embedded(), "only the two incomplete chunks run through the model");
        assertEquals(before.size() - 2, outcome.reused());
        List<MemoryChunk> after = chunks(owner, personaId, sourceId);
        assertEquals(ids(before), ids(after));
        for (int i = 0; i < after.size(); i++) {
            MemoryChunk chunk = after.get(i);
            assertSentencesTile(chunk);
            assertEquals(before.get(i).sentences().size(), chunk.sentences().size());
            assertTrue(cosine(before.get(i).vector(), chunk.vector()) > 0.9999, "same text, same embedding");
            for (int k = 0; k < chunk.sentences().size(); k++) {
                assertUnitVector(chunk.sentences().get(k).vector(), "chunk " + i + " sentence " + k);
                assertTrue(cosine(before.get(i).sentences().get(k).vector(), chunk.sentences().get(k).vector())
                        > 0.9999);
            }
        }
        assertInstanceOf(Binary.class, rawChunks(owner, personaId, sourceId).get(0).get("vector"),
                "rewritten in the current format");
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
    void eventsOfAPersonaMarkedDeletingWriteNothing() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "leaving.wav", spokenSegments(5));
        // ingest-service's erasure has begun: the persona is still there, marked.
        collection("personas").updateOne(eq("_id", personaId),
                com.mongodb.client.model.Updates.set(PersonaDirectory.DELETING_AT, java.util.Date.from(Instant.now())));
        double skippedBefore = counter("persona-gone");

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "leaving.wav", sourceId,
                "en"));
        await().atMost(WAIT).until(() -> counter("persona-gone") > skippedBefore);

        assertTrue(chunks(owner, personaId, sourceId).isEmpty());
        assertTrue(recorder.forJob("chunks-embedded", jobId).isEmpty());
        assertTrue(recorder.stages(jobId).isEmpty(), "a persona being deleted gets no progress reports");
    }

    @Test
    void chunksWrittenJustAsTheErasureBeganAreRemovedAgainAndNotAnnounced() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "racing.wav", spokenSegments(5));
        // Marked right after the check before the write said yes: the erasure may pass before the write lands.
        PersonaChecks.markAfter(personaId, 2);

        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "racing.wav", sourceId,
                "en"));
        // The third check comes only after the write; the chunks are gone once it said no.
        await().atMost(WAIT).until(() -> PersonaChecks.checks(personaId) >= 3
                && rawChunks(owner, personaId, sourceId).isEmpty());

        assertEquals(3, PersonaChecks.checks(personaId));
        assertTrue(recorder.forJob("chunks-embedded", jobId).isEmpty());
        assertFalse(recorder.stages(jobId).contains("ready"), recorder.stages(jobId)::toString);
    }

    @Test
    void anotherOwnersPersonaIsTreatedAsGone() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String intruder = UUID.randomUUID().toString();
        String sourceId = UUID.randomUUID().toString();
        // Even a transcript filed under the intruder's id for that persona gets nothing written for it.
        transcript(intruder, personaId, sourceId, SourceKind.recording, "theirs.wav", spokenSegments(3));
        TranscriptReady event = TranscriptReady.of(intruder, personaId, UUID.randomUUID().toString(), sourceId,
                SourceKind.recording, "theirs.wav", sourceId, "en");

        Outcome outcome = embedder.process(event).await().atMost(WAIT);

        assertEquals(Outcome.Kind.PERSONA_GONE, outcome.kind());
        assertTrue(chunks(intruder, personaId, sourceId).isEmpty());
        assertTrue(chunks(owner, personaId, sourceId).isEmpty());
    }

    @Test
    void transcriptWithoutUsableTextFailsTheJobWithAReason() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "silence.wav", List.of(
                utterance(0.0, 2.0, "[noise]"), utterance(2.0, 4.0, "um uh"),
                TranscriptSegment.spoken(4.0, 5.0, "  ", "", List.of())));

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
    void aFailingEventIsDeadLetteredAndMarkedFailedWhileTheStageKeepsConsuming() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        // Another owner's transcript: the owner-and-persona filter must not find it.
        String otherOwner = UUID.randomUUID().toString();
        String otherPersona = persona(otherOwner);
        String foreignSource = UUID.randomUUID().toString();
        transcript(otherOwner, otherPersona, foreignSource, SourceKind.recording, "theirs.wav", spokenSegments(3));
        String badJob = UUID.randomUUID().toString();
        double failedBefore = counter("failed");

        publish(TranscriptReady.of(owner, personaId, badJob, foreignSource, SourceKind.recording, "theirs.wav",
                foreignSource, "en"));
        await().atMost(WAIT).until(() -> !recorder.forJob("transcript-ready-dlq", badJob).isEmpty());

        assertEquals(List.of("failed"), recorder.stages(badJob), "failed is reported, nothing else");
        String error = recorder.forJob("job-progress", badJob).get(0).value().path("error").asText();
        assertTrue(error.contains("not found"), error);
        assertEquals(personaId, recorder.forJob("transcript-ready-dlq", badJob).get(0).key());
        assertEquals(failedBefore + 1, counter("failed"));
        // A missing transcript is an answer of the read, not a fault of it: nothing is tried again.
        assertEquals(1, PersonaChecks.checks(personaId), "the stage is not retried as a whole");
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
    void aRemoteCallThatKeepsFailingIsTriedAFlatNumberOfTimesThenFailsTheJobAndDeadLettersIt() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "flaky.wav", spokenSegments(2));
        PersonaChecks.failNext(personaId, 100);
        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "flaky.wav", sourceId,
                "en"));
        await().atMost(WAIT).until(() -> !recorder.forJob("transcript-ready-dlq", jobId).isEmpty());

        assertEquals(List.of("failed"), recorder.stages(jobId));
        String error = recorder.forJob("job-progress", jobId).get(0).value().path("error").asText();
        assertTrue(error.startsWith("Embedding failed: injected failure of the persona check"), error);
        // The persona check's own policy (2 retries) and nothing around it: 3 attempts, not 4 x 3.
        assertEquals(3, PersonaChecks.checks(personaId));
        assertTrue(chunks(owner, personaId, sourceId).isEmpty());

        // The same persona's next record is processed once the fault is gone.
        PersonaChecks.failNext(personaId, 0);
        String nextJob = UUID.randomUUID().toString();
        publish(TranscriptReady.of(owner, personaId, nextJob, sourceId, SourceKind.recording, "flaky.wav", sourceId,
                "en"));
        awaitStage(nextJob, "ready", 1);
    }

    @Test
    void aTransientFailureOfARemoteCallIsRetriedAndTheJobSucceeds() throws Exception {
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "blip.wav", spokenSegments(2));
        PersonaChecks.failNext(personaId, 1);
        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "blip.wav", sourceId,
                "en"));
        awaitStage(jobId, "ready", 1);
        // A job checks its persona three times; the failed check was tried again once, at the call.
        assertEquals(3 + 1, PersonaChecks.checks(personaId));
        assertFalse(recorder.stages(jobId).contains("failed"));
        assertTrue(recorder.forJob("transcript-ready-dlq", jobId).isEmpty());
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

    /**
     * A model switch: chunks of model A (all-minilm) exist for every source of a persona, the stage is configured
     * with B (bge, this module's configuration) and transcript-ready is replayed source by source. A's chunks stay
     * while some source lacks B's (chat keeps serving A meanwhile), and go all at once with the last source: then
     * every chunk is B's, none A's, and the persona has as many sources and chunks as before.
     */
    @Test
    void aModelSwitchKeepsTheOldModelsChunksUntilEverySourceHasNewOnesThenDeletesThem() throws Exception {
        String modelA = EmbeddingModels.ALL_MINILM_L6_V2_Q.id();
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String recordingId = UUID.randomUUID().toString();
        String documentId = UUID.randomUUID().toString();
        String emptiedId = UUID.randomUUID().toString();
        transcript(owner, personaId, recordingId, SourceKind.recording, "switch.wav", spokenSegments(12));
        transcript(owner, personaId, documentId, SourceKind.document, "switch.pdf", pages(3));
        transcript(owner, personaId, emptiedId, SourceKind.recording, "emptied.wav", spokenSegments(2));
        List<TranscriptReady> events = new ArrayList<>();
        for (String[] source : new String[][] {{recordingId, "switch.wav", "recording"},
                {documentId, "switch.pdf", "document"}, {emptiedId, "emptied.wav", "recording"}}) {
            TranscriptReady event = TranscriptReady.of(owner, personaId, UUID.randomUUID().toString(), source[0],
                    SourceKind.valueOf(source[2]), source[1], source[0], "en");
            events.add(event);
            // What the stage wrote while it was configured with model A.
            assertEquals(Outcome.Kind.EMBEDDED, embedder.process(event, modelA).await().atMost(WAIT).kind());
        }
        Map<String, Long> aChunksBySource = countBySource(owner, personaId, modelA);
        assertEquals(Map.of(modelA, 3L), sourcesByModel(owner, personaId));

        // The replay, through the broker, to the stage as configured now (model B).
        // (Each job reported ready once already, for its model-A run.)
        publish(events.get(0));
        awaitStage(events.get(0).jobId(), "ready", 2);
        assertEquals(Map.of(modelA, 3L, MODEL, 1L), sourcesByModel(owner, personaId),
                "A's chunks stay while the other sources have none of B's");

        // The third source came out empty this time: it loses its chunks of every model, and blocks nothing.
        transcript(owner, personaId, emptiedId, SourceKind.recording, "emptied.wav",
                List.of(utterance(0.0, 2.0, "[noise] um")));
        publish(events.get(2));
        awaitStage(events.get(2).jobId(), "failed", 1);
        assertEquals(Map.of(modelA, 2L, MODEL, 1L), sourcesByModel(owner, personaId));

        publish(events.get(1));
        awaitStage(events.get(1).jobId(), "ready", 2);
        assertEquals(Map.of(MODEL, 2L), sourcesByModel(owner, personaId), "every chunk is B's, none is A's");
        Map<String, Long> bChunksBySource = countBySource(owner, personaId, MODEL);
        aChunksBySource.remove(emptiedId);
        assertEquals(aChunksBySource, bChunksBySource, "the same sources with as many chunks");
        for (String sourceId : List.of(recordingId, documentId)) {
            List<MemoryChunk> chunks = chunks(owner, personaId, sourceId);
            for (int i = 0; i < chunks.size(); i++) {
                assertEquals(sha256(sourceId + "|" + MODEL + "|" + i), chunks.get(i).id());
                assertUnitVector(chunks.get(i).vector(), "chunk");
                chunks.get(i).sentences().forEach(s -> assertUnitVector(s.vector(), "sentence"));
            }
        }
        // The last source's announcement is what tells chat-service the persona is complete in B.
        assertTrue(recorder.forJob("chunks-embedded", events.get(1).jobId()).stream()
                .anyMatch(r -> MODEL.equals(r.value().path("embeddingModelId").asText())));

        // Replaying again changes nothing: no model run, same chunks.
        List<String> before = ids(chunks(owner, personaId, recordingId));
        double computed = vectors("computed");
        publish(events.get(0));
        awaitStage(events.get(0).jobId(), "ready", 3);
        assertEquals(before, ids(chunks(owner, personaId, recordingId)));
        assertEquals(computed, vectors("computed"), "every vector reused");
        assertEquals(Map.of(MODEL, 2L), sourcesByModel(owner, personaId));
    }

    /** Sources with chunks, per embedding model. */
    private Map<String, Long> sourcesByModel(String ownerId, String personaId) {
        Map<String, java.util.Set<String>> sources = new java.util.TreeMap<>();
        collection(MemoryCollections.CHUNKS).find(and(eq("ownerId", ownerId), eq("personaId", personaId)))
                .forEach(d -> sources.computeIfAbsent(d.getString("embeddingModelId"), m -> new TreeSet<>())
                        .add(d.getString("sourceId")));
        Map<String, Long> counts = new java.util.TreeMap<>();
        sources.forEach((model, ids) -> counts.put(model, (long) ids.size()));
        return counts;
    }

    private Map<String, Long> countBySource(String ownerId, String personaId, String model) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        collection(MemoryCollections.CHUNKS).find(and(eq("ownerId", ownerId), eq("personaId", personaId),
                eq("embeddingModelId", model))).forEach(d -> counts.merge(d.getString("sourceId"), 1L, Long::sum));
        return counts;
    }

    @Test
    void readinessReportsTheLoadedModelAndMetricsAreExported() throws Exception {
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'embedding-model' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'embedding-model' }.data.modelId", org.hamcrest.Matchers.equalTo(MODEL));
        String owner = UUID.randomUUID().toString();
        String personaId = persona(owner);
        String sourceId = UUID.randomUUID().toString();
        String jobId = UUID.randomUUID().toString();
        transcript(owner, personaId, sourceId, SourceKind.recording, "metrics.wav", spokenSegments(3));
        long embeddedBefore = stageDurations();
        publish(TranscriptReady.of(owner, personaId, jobId, sourceId, SourceKind.recording, "metrics.wav", sourceId,
                "en"));
        awaitStage(jobId, "ready", 1);
        await().atMost(WAIT).until(() -> stageDurations() > embeddedBefore);
        // The stage's latency, and the consumer lag an autoscaler (KEDA) or an alert reads.
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("persona_embed_duration_seconds_count{kind=\"recording\"}"))
                .body(org.hamcrest.Matchers.containsString("kafka_consumer_fetch_manager_records_lag_max"));
    }

    private long stageDurations() {
        io.micrometer.core.instrument.Timer timer = metrics.find("persona.embed.duration").tag("kind", "recording")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    /**
     * A known limit, pinned so that a change to it is noticed (README, Limits): the tokenizer.json bundled with the
     * LangChain4j model truncates to 128 ids ([CLS] + 126 word pieces + [SEP]), so a chunk's own vector reflects only
     * its first 126 word pieces. Sentence vectors are what reach the rest of a 350-token chunk.
     */
    @Test
    void theModelReadsOnlyTheFirst126WordPiecesOfAText() {
        assumeTrue(EmbeddingModels.ALL_MINILM_L6_V2_Q.id().equals(engine.modelId()),
                "a limit of the tokenizer file bundled with MiniLM");
        String prefix = "word ".repeat(126);
        assertArrayEquals(engine.embed(prefix + "a beef stew with garlic"),
                engine.embed(prefix + "rising interest rates"), "nothing after word piece 126 is read");
        String shorter = "word ".repeat(120);
        assertFalse(Arrays.equals(engine.embed(shorter + "a beef stew with garlic"),
                engine.embed(shorter + "rising interest rates")));
    }

    @Test
    void realEmbeddingsPutCookingNearCooking() {
        float[] memory = engine.embed("On Sundays I slow-cook a beef stew with garlic, thyme and a glass of red wine.");
        float[] cookingQuery = engine.embed("What do you like to cook for dinner?");
        float[] unrelatedQuery = engine.embed("How do rising interest rates affect government bonds?");
        double near = cosine(memory, cookingQuery);
        double far = cosine(memory, unrelatedQuery);
        assertTrue(near > far + 0.1, "cooking " + near + " vs finance " + far);
        assertEquals(DIMENSION, memory.length);
    }
}
