package dev.persona.embed.domain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** Writes and reads chunks; every query carries ownerId and personaId. */
@ApplicationScoped
public class ChunkRepository {

    /** Already stored chunks among {@code ids}, by id; a replay reuses their vectors when the text is unchanged. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public Uni<Map<String, ChunkEntity>> findExisting(String ownerId, String personaId, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return ChunkEntity.<ChunkEntity>mongoCollection()
                .find(and(in("_id", ids), eq("ownerId", ownerId), eq("personaId", personaId)))
                .collect().asList()
                .map(list -> list.stream().collect(Collectors.toMap(c -> c.id, Function.identity())));
    }

    /**
     * Upserts by id. The filter also names owner and persona, so an id that somehow belonged to another owner's
     * chunk makes the insert fail on the duplicate id instead of overwriting it.
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    public Uni<Void> upsertAll(List<ChunkEntity> chunks) {
        if (chunks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ReplaceOneModel<ChunkEntity>> writes = chunks.stream()
                .map(c -> new ReplaceOneModel<>(and(eq("_id", c.id), eq("ownerId", c.ownerId),
                        eq("personaId", c.personaId)), c, new ReplaceOptions().upsert(true)))
                .toList();
        return ChunkEntity.<ChunkEntity>mongoCollection().bulkWrite(writes, new BulkWriteOptions().ordered(false))
                .replaceWithVoid();
    }

    /** Removes the chunks a longer, earlier version of the source left behind (index at or past the new count). */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public Uni<Long> deleteFromIndex(String ownerId, String personaId, String sourceId, String modelId, int fromIndex) {
        return ChunkEntity.<ChunkEntity>mongoCollection()
                .deleteMany(and(eq("ownerId", ownerId), eq("personaId", personaId), eq("sourceId", sourceId),
                        eq("embeddingModelId", modelId), gte("index", fromIndex)))
                .map(result -> result.getDeletedCount());
    }
}
