package dev.persona.chat.service.retrieval;

import com.mongodb.client.model.Filters;
import dev.persona.chat.config.EmbeddingConfig;
import dev.persona.chat.domain.Chunk;
import dev.persona.common.events.SourceKind;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Reads chunks (written by embed-service) of the active embedding model; MongoDB stays the system of record. */
@ApplicationScoped
public class ChunkStore {
    private static final Logger LOG = Logger.getLogger(ChunkStore.class);
    public static final String CHUNKS = "chunks";

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    EmbeddingConfig embedding;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    public Uni<List<IndexedChunk>> persona(String ownerId, String personaId) {
        return load(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId),
                Filters.eq("embeddingModelId", embedding.modelId())));
    }

    public Uni<List<IndexedChunk>> source(String ownerId, String personaId, String sourceId) {
        return load(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId),
                Filters.eq("sourceId", sourceId), Filters.eq("embeddingModelId", embedding.modelId())));
    }

    private Uni<List<IndexedChunk>> load(Bson filter) {
        return collection().find(filter).collect().asList()
                .map(docs -> docs.stream().map(ChunkStore::toIndexed).filter(c -> c != null).toList());
    }

    private ReactiveMongoCollection<Document> collection() {
        return mongo.getDatabase(database).getCollection(CHUNKS);
    }

    static IndexedChunk toIndexed(Document d) {
        Object raw = d.get("vector");
        if (!(raw instanceof List<?> list) || list.size() != PersonaIndex.DIMENSION) {
            LOG.warnf("Skipping chunk %s: vector missing or not %d-dimensional", d.get("_id"), PersonaIndex.DIMENSION);
            return null;
        }
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) list.get(i)).floatValue();
        }
        SourceKind kind;
        try {
            kind = SourceKind.valueOf(String.valueOf(d.get("sourceKind")));
        } catch (IllegalArgumentException e) {
            kind = SourceKind.document;
        }
        Chunk chunk = new Chunk(String.valueOf(d.get("_id")), d.getString("sourceId"), kind,
                d.getString("sourceName"), number(d.get("index"), 0).intValue(), d.getString("text"),
                doubleOrNull(d.get("startSec")), doubleOrNull(d.get("endSec")), intOrNull(d.get("page")));
        return chunk.text() == null || chunk.sourceId() == null ? null : new IndexedChunk(chunk, vector);
    }

    private static Number number(Object o, Number fallback) {
        return o instanceof Number n ? n : fallback;
    }

    private static Double doubleOrNull(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    private static Integer intOrNull(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }
}
