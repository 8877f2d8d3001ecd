package dev.persona.ingest.admin;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.ingest.service.RawCollections;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Counts the chunks of a replay's scope (one persona or all), by embedding model: the before and after of a replay. */
@ApplicationScoped
public class ChunkCounts {
    /** The key of chunks stored without a model id. */
    static final String NO_MODEL = "none";

    @Inject
    RawCollections raw;

    public Uni<ChunkTally> count(String personaId) {
        Bson scope = personaId == null ? new Document() : Filters.eq("personaId", personaId);
        // One row per (model, source): the sources per model come out of the same pass as the chunk counts.
        List<Bson> pipeline = List.of(Aggregates.match(scope),
                Aggregates.group(new Document("model", "$embeddingModelId").append("source", "$sourceId"),
                        Accumulators.sum("chunks", 1)));
        return raw.get(MemoryCollections.CHUNKS).aggregate(pipeline).collect().asList().map(ChunkCounts::tally);
    }

    static ChunkTally tally(List<Document> rows) {
        Map<String, long[]> perModel = new TreeMap<>();
        Set<Object> sources = new HashSet<>();
        ChunkTally tally = new ChunkTally();
        for (Document row : rows) {
            Document key = row.get("_id", Document.class);
            Object model = key == null ? null : key.get("model");
            Object source = key == null ? null : key.get("source");
            long chunks = ((Number) row.get("chunks")).longValue();
            long[] counts = perModel.computeIfAbsent(model == null ? NO_MODEL : model.toString(), m -> new long[2]);
            counts[0] += chunks;
            counts[1]++;
            tally.chunks += chunks;
            sources.add(source);
        }
        tally.sources = sources.size();
        perModel.forEach((model, counts) -> tally.models.put(model, new ChunkTally.ModelTally(counts[0], counts[1])));
        return tally;
    }
}
