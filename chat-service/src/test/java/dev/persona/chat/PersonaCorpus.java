package dev.persona.chat;

import com.mongodb.client.MongoDatabase;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * A sample persona for tests: four recordings on distinct topics and a third-person biography document, embedded
 * with the real ONNX model, written to the {@code chunks} collection the way embed-service stores them.
 */
public final class PersonaCorpus {
    public static final String MODEL_ID = "all-minilm-l6-v2-q";
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

    private static EmbeddingModel model;

    private PersonaCorpus() {
    }

    public static synchronized EmbeddingModel model() {
        if (model == null) {
            model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        }
        return model;
    }

    public static void insertPersona(MongoDatabase db, String ownerId, String personaId, String name) {
        db.getCollection("personas").insertOne(new Document("_id", personaId).append("ownerId", ownerId)
                .append("name", name).append("description", "test persona").append("language", "en")
                .append("createdAt", new Date()));
    }

    /** Writes a source's chunks as embed-service would; returns their ids. */
    public static List<String> insertChunks(MongoDatabase db, String ownerId, String personaId, Source source,
            String modelId) {
        List<String> ids = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < source.chunks().size(); i++) {
            String text = source.chunks().get(i);
            float[] vector = model().embed(TextSegment.from(text)).content().vector();
            List<Double> list = new ArrayList<>();
            for (float v : vector) {
                list.add((double) v);
            }
            String id = personaId + ":" + source.id() + ":" + modelId + ":" + i;
            ids.add(id);
            Document d = new Document("_id", id).append("ownerId", ownerId).append("personaId", personaId)
                    .append("sourceId", source.id()).append("sourceKind", source.kind())
                    .append("sourceName", source.name()).append("index", i).append("text", text)
                    .append("vector", list).append("embeddingModelId", modelId);
            if (source.kind().equals("recording")) {
                d.append("startSec", i * 30.0).append("endSec", i * 30.0 + 30.0);
            } else {
                d.append("page", i + 1);
            }
            docs.add(d);
        }
        db.getCollection("chunks").insertMany(docs);
        return ids;
    }
}
