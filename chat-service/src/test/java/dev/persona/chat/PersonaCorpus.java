package dev.persona.chat;

import com.mongodb.client.MongoDatabase;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.persona.chat.service.retrieval.ChunkStore;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.common.embedding.EmbeddingModels;
import dev.persona.common.events.SourceKind;
import dev.persona.common.memory.ChunkCodec;
import dev.persona.common.memory.ChunkSentence;
import dev.persona.common.memory.MemoryChunk;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.text.SentenceSplitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * A sample persona for tests: four recordings on distinct topics and a third-person biography document, embedded
 * with the real ONNX model, written to the {@code chunks} collection the way embed-service stores them.
 */
public final class PersonaCorpus {
    /** The model chat-service serves by default; the fixtures embed with it, as embed-service would. */
    public static final EmbeddingModels MODEL = EmbeddingModels.BGE_SMALL_EN_V15_Q;
    public static final String MODEL_ID = MODEL.id();
    public static final String NAME = "Priya Raman";

    public record Source(String id, String kind, String name, List<String> chunks) {
    }

    public static final Source CHILDHOOD = new Source("rec-childhood", "recording", "growing-up-in-madurai.wav", List.of(
            "I grew up in Madurai, in a small house two streets from the Meenakshi temple. Every morning my grandmother "
                    + "made filter coffee and we sat on the front steps watching the flower sellers go past.",
            "My appa ran a tiny bookshop on West Masi Street. I spent most evenings there reading Tamil comics "
                    + "and old detective novels until he closed the shutters at nine."));
    public static final Source COOKING = new Source("rec-cooking", "recording", "sunday-cooking.m4a", List.of(
            "On Sundays I cook sambar the way my amma taught me. The secret is to roast the coriander seeds, "
                    + "chana dal and dried red chillies in a little coconut oil before grinding them into a paste.",
            "I always add drumsticks and small onions, and a spoon of jaggery at the end to balance the tamarind."));
    public static final Source WORK = new Source("rec-work", "recording", "career-talk.mp3", List.of(
            "I work as a software engineer in Chennai, mostly on payment systems for small shops. Before that I spent "
                    + "three years at a startup in Bangalore building mobile apps.",
            "What I enjoy most about engineering is debugging hard problems with the team, even when an outage "
                    + "wakes us up at two in the morning."));
    public static final Source MUSIC = new Source("rec-music", "recording", "veena-lessons.wav", List.of(
            "I started learning the veena when I was eight. My teacher made me practise scales for a whole year "
                    + "before she let me play a single song.",
            "These days I play Carnatic kritis on the veena on weekends, and I still get nervous before concerts."));
    public static final Source BIO = new Source("doc-bio", "document", "about-priya.pdf", List.of(
            "Priya Raman is a software engineer and an amateur marathon runner. She completed the Chennai Marathon "
                    + "in 2019 in four hours and ten minutes, and she trains along Marina Beach before sunrise.",
            "Priya's mother was a school teacher in Madurai. Priya studied computer science at Anna University."));
    public static final List<Source> ALL = List.of(CHILDHOOD, COOKING, WORK, MUSIC, BIO);

    private static final SentenceSplitter SPLITTER = new SentenceSplitter();
    private static final java.util.Map<EmbeddingModels, EmbeddingModel> MODELS = new java.util.EnumMap<>(
            EmbeddingModels.class);

    private PersonaCorpus() {
    }

    /** A question's vector, phrased as the model expects a query (what chat-service's QueryEmbedder does). */
    public static float[] question(String text) {
        return model().embed(MODEL.asQuery(text)).content().vector();
    }

    public static EmbeddingModel model() {
        return model(MODEL);
    }

    public static synchronized EmbeddingModel model(EmbeddingModels kind) {
        return MODELS.computeIfAbsent(kind, k -> k.load(null));
    }

    public static void insertPersona(MongoDatabase db, String ownerId, String personaId, String name) {
        db.getCollection("personas").insertOne(new Document("_id", personaId).append("ownerId", ownerId)
                .append("name", name).append("description", "test persona").append("language", "en")
                .append("createdAt", new Date()));
    }

    /**
     * A source's chunks as embed-service makes them: split into sentences by the shared splitter, each sentence and
     * each chunk embedded by the real model; a recording's chunk i spans seconds [30 i, 30 i + 30), shared out over
     * its sentences by length, a document's chunk i is page i + 1.
     */
    public static List<MemoryChunk> memoryChunks(String ownerId, String personaId, Source source, String modelId) {
        return memoryChunks(ownerId, personaId, source, modelId, model());
    }

    /** The chunks embedded by {@code kind} itself and stored under its id, as embed-service configured with it. */
    public static List<MemoryChunk> memoryChunks(String ownerId, String personaId, Source source, EmbeddingModels kind) {
        return memoryChunks(ownerId, personaId, source, kind.id(), model(kind));
    }

    private static List<MemoryChunk> memoryChunks(String ownerId, String personaId, Source source, String modelId,
            EmbeddingModel model) {
        List<MemoryChunk> out = new ArrayList<>();
        boolean recording = source.kind().equals("recording");
        for (int i = 0; i < source.chunks().size(); i++) {
            String text = source.chunks().get(i);
            List<ChunkSentence> sentences = new ArrayList<>();
            for (SentenceSplitter.Span span : SPLITTER.split(text, "en")) {
                float[] vector = model.embed(TextSegment.from(text.substring(span.start(), span.end()))).content()
                        .vector();
                sentences.add(new ChunkSentence(span.start(), span.end(),
                        recording ? i * 30.0 + 30.0 * span.start() / text.length() : null,
                        recording ? i * 30.0 + 30.0 * span.end() / text.length() : null,
                        recording ? null : i + 1, vector));
            }
            float[] vector = model.embed(TextSegment.from(text)).content().vector();
            out.add(new MemoryChunk(personaId + ":" + source.id() + ":" + modelId + ":" + i, ownerId, personaId,
                    source.id(), SourceKind.valueOf(source.kind()), source.name(), source.id(), "en", i, text,
                    text.length() / 4, recording ? i * 30.0 : null, recording ? i * 30.0 + 30.0 : null,
                    recording ? null : i + 1, recording ? null : i + 1, sentences, vector, modelId, Instant.now()));
        }
        return out;
    }

    /** Writes a source's chunks as embed-service would; returns their ids. */
    public static List<String> insertChunks(MongoDatabase db, String ownerId, String personaId, Source source,
            String modelId) {
        List<MemoryChunk> chunks = memoryChunks(ownerId, personaId, source, modelId);
        db.getCollection(MemoryCollections.CHUNKS).insertMany(chunks.stream().map(ChunkCodec::encode).toList());
        return chunks.stream().map(MemoryChunk::id).toList();
    }

    /** The sources as chat-service's index holds them, for tests and benches that search in memory. */
    public static List<IndexedChunk> indexed(List<Source> sources) {
        List<IndexedChunk> out = new ArrayList<>();
        for (Source source : sources) {
            memoryChunks("owner", "persona", source, MODEL_ID).forEach(c -> out.add(ChunkStore.toIndexed(c)));
        }
        return out;
    }
}
