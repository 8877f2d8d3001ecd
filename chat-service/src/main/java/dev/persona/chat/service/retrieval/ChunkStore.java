package dev.persona.chat.service.retrieval;

import com.mongodb.client.model.Filters;
import dev.persona.chat.domain.Chunk;
import dev.persona.common.events.SourceKind;
import dev.persona.common.memory.ChunkCodec;
import dev.persona.common.memory.ChunkSentence;
import dev.persona.common.memory.MemoryChunk;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.text.SentenceSplitter;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Reads chunks (written by embed-service) of one embedding model; MongoDB stays the system of record. */
@ApplicationScoped
public class ChunkStore {
    private static final Logger LOG = Logger.getLogger(ChunkStore.class);
    public static final String CHUNKS = MemoryCollections.CHUNKS;
    private static final SentenceSplitter SPLITTER = new SentenceSplitter();

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /**
     * All chunks of a persona embedded with {@code modelId} (see {@link ModelChoice}), read as a stream: once they
     * would take more than {@code maxBytes} in an index, the read stops (the cursor is cancelled) and fails with
     * {@link IndexTooLargeException}, so an oversized persona never sits in memory whole.
     */
    public Uni<List<IndexedChunk>> persona(String ownerId, String personaId, String modelId, long maxBytes) {
        return load(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId),
                Filters.eq("embeddingModelId", modelId)), maxBytes);
    }

    /** The chunks of one source embedded with {@code modelId}, bounded like {@link #persona}. */
    public Uni<List<IndexedChunk>> source(String ownerId, String personaId, String sourceId, String modelId,
            long maxBytes) {
        return load(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId),
                Filters.eq("sourceId", sourceId), Filters.eq("embeddingModelId", modelId)), maxBytes);
    }

    private Uni<List<IndexedChunk>> load(Bson filter, long maxBytes) {
        AtomicLong bytes = new AtomicLong();
        return collection().find(filter).map(ChunkStore::toIndexed).filter(Objects::nonNull)
                .invoke(chunk -> {
                    if (bytes.addAndGet(IndexFootprint.chunk(chunk)) > maxBytes) {
                        throw new IndexTooLargeException(bytes.get(), maxBytes);
                    }
                })
                .collect().asList();
    }

    private ReactiveMongoCollection<Document> collection() {
        return mongo.getDatabase(database).getCollection(CHUNKS);
    }

    static IndexedChunk toIndexed(Document d) {
        return toIndexed(ChunkCodec.decode(d));
    }

    /**
     * Chunks written before sentences were stored (schema 1) get their sentences from the shared splitter, each
     * represented by the chunk's own vector until the source is re-embedded (a replay of transcript-ready).
     */
    public static IndexedChunk toIndexed(MemoryChunk c) {
        if (c.vector() == null || c.vector().length != PersonaIndex.DIMENSION) {
            LOG.warnf("Skipping chunk %s: vector missing or not %d-dimensional", c.id(), PersonaIndex.DIMENSION);
            return null;
        }
        if (c.text() == null || c.sourceId() == null) {
            return null;
        }
        SourceKind kind = c.sourceKind() == null ? SourceKind.document : c.sourceKind();
        List<Chunk.Sentence> sentences = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        if (c.sentences().isEmpty()) {
            for (SentenceSplitter.Span span : SPLITTER.split(c.text(), c.language())) {
                sentences.add(new Chunk.Sentence(c.text().substring(span.start(), span.end()), c.startSec(),
                        c.endSec(), c.page()));
                vectors.add(c.vector());
            }
        } else {
            for (ChunkSentence s : c.sentences()) {
                boolean usable = s.vector() != null && s.vector().length == PersonaIndex.DIMENSION;
                sentences.add(new Chunk.Sentence(s.textOf(c.text()), s.startSec(), s.endSec(), s.page()));
                vectors.add(usable ? s.vector() : c.vector());
            }
        }
        Chunk chunk = new Chunk(c.id(), c.sourceId(), kind, c.sourceName(), c.index(), c.text(), c.startSec(),
                c.endSec(), c.page(), sentences);
        return new IndexedChunk(chunk, c.vector(), vectors);
    }
}
