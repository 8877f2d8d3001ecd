package dev.persona.chat.service.retrieval;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import dev.persona.chat.config.EmbeddingConfig;
import dev.persona.common.embedding.EmbeddingModels;
import dev.persona.common.memory.MemoryCollections;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which embedding model a persona is served from. Normally the configured one ({@code persona.embedding.model}).
 * During a model switch (a new model configured, {@code transcript-ready} replayed) embed-service writes the new
 * model's chunks source by source beside the old ones and deletes the old ones only once every source has new
 * chunks; until then the new model is incomplete for the persona, and serving it would hide the sources it lacks.
 * So a persona is served from the configured model once it covers every source, and otherwise from the model that
 * covers the most (the one it had). Questions are embedded with the chosen model.
 */
@ApplicationScoped
public class ModelChoice {
    private static final Set<String> KNOWN = Set.copyOf(Arrays.stream(EmbeddingModels.values())
            .map(EmbeddingModels::id).toList());

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    EmbeddingConfig embedding;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    public String preferred() {
        return embedding.modelId();
    }

    public Uni<String> forPersona(String ownerId, String personaId) {
        return mongo.getDatabase(database).getCollection(MemoryCollections.CHUNKS).aggregate(List.of(
                Aggregates.match(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId))),
                Aggregates.group(new Document("model", "$embeddingModelId").append("source", "$sourceId"),
                        Accumulators.sum("chunks", 1))))
                .collect().asList()
                .map(rows -> {
                    Map<String, Set<String>> sourcesByModel = new HashMap<>();
                    for (Document row : rows) {
                        Document key = row.get("_id", Document.class);
                        Object model = key.get("model");
                        Object source = key.get("source");
                        if (model != null && source != null) {
                            sourcesByModel.computeIfAbsent(model.toString(), m -> new HashSet<>()).add(source.toString());
                        }
                    }
                    return choose(preferred(), sourcesByModel);
                });
    }

    /**
     * The preferred model if it has chunks for every source (or nothing has any); otherwise the known model with
     * the most sources, the preferred one winning a tie. Models this build cannot load are never chosen.
     */
    static String choose(String preferred, Map<String, Set<String>> sourcesByModel) {
        Set<String> all = new HashSet<>();
        sourcesByModel.values().forEach(all::addAll);
        Set<String> ofPreferred = sourcesByModel.getOrDefault(preferred, Set.of());
        if (ofPreferred.containsAll(all)) {
            return preferred;
        }
        return sourcesByModel.entrySet().stream()
                .filter(e -> KNOWN.contains(e.getKey()))
                .max(Comparator.<Map.Entry<String, Set<String>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(e -> e.getKey().equals(preferred)))
                .map(Map.Entry::getKey)
                .filter(best -> sourcesByModel.get(best).size() > ofPreferred.size())
                .orElse(preferred);
    }
}
