package dev.persona.embed.domain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.persona.common.memory.ChunkCodec;
import dev.persona.common.memory.MemoryChunk;
import dev.persona.common.memory.MemoryCollections;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** Writes and reads chunks through the shared codec; every query carries ownerId and personaId. */
@ApplicationScoped
public class ChunkRepository {

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /** Already stored chunks among {@code ids}, by id; a replay reuses their vectors when the text is unchanged. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Map<String, MemoryChunk>> findExisting(String ownerId, String personaId, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return collection().find(and(in("_id", ids), eq("ownerId", ownerId), eq("personaId", personaId)))
                .map(ChunkCodec::decode)
                .collect().asList()
                .map(list -> list.stream().collect(Collectors.toMap(MemoryChunk::id, Function.identity())));
    }

    /**
     * Upserts by id. The filter also names owner and persona, so an id that somehow belonged to another owner's
     * chunk makes the insert fail on the duplicate id instead of overwriting it.
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Void> upsertAll(List<MemoryChunk> chunks) {
        if (chunks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ReplaceOneModel<Document>> writes = chunks.stream()
                .map(c -> new ReplaceOneModel<>(and(eq("_id", c.id()), eq("ownerId", c.ownerId()),
                        eq("personaId", c.personaId())), ChunkCodec.encode(c), new ReplaceOptions().upsert(true)))
                .toList();
        return collection().bulkWrite(writes, new BulkWriteOptions().ordered(false)).replaceWithVoid();
    }

    /** Removes the chunks a longer, earlier version of the source left behind (index at or past the new count). */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Long> deleteFromIndex(String ownerId, String personaId, String sourceId, String modelId, int fromIndex) {
        return collection()
                .deleteMany(and(eq("ownerId", ownerId), eq("personaId", personaId), eq("sourceId", sourceId),
                        eq("embeddingModelId", modelId), gte("index", fromIndex)))
                .map(result -> result.getDeletedCount());
    }

    /** Removes every chunk of one source, of every model. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Long> deleteSource(String ownerId, String personaId, String sourceId) {
        return collection().deleteMany(and(eq("ownerId", ownerId), eq("personaId", personaId), eq("sourceId", sourceId)))
                .map(result -> result.getDeletedCount());
    }

    /** Removes the given chunks of one persona (those written for it as its erasure began). */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Long> deleteIds(String ownerId, String personaId, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return collection().deleteMany(and(in("_id", ids), eq("ownerId", ownerId), eq("personaId", personaId)))
                .map(result -> result.getDeletedCount());
    }

    public ReactiveMongoCollection<Document> collection() {
        return mongo.getDatabase(database).getCollection(MemoryCollections.CHUNKS);
    }
}
