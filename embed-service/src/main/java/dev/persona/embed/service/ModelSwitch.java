package dev.persona.embed.service;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import dev.persona.embed.domain.ChunkRepository;
import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * The end of an embedding-model switch for one persona. After a model change and a replay of
 * {@code transcript-ready}, each source gets chunks of the new model beside its old ones; chat-service keeps serving
 * the persona from the old model while some source has none of the new (see its README). Once every source that has
 * old-model chunks also has new-model chunks, the old ones are deleted, all at once, so the persona is never served
 * from a mix. Cheap when nothing is switching: one indexed count that finds no chunk of another model.
 */
@ApplicationScoped
public class ModelSwitch {
    private static final Logger LOG = Logger.getLogger(ModelSwitch.class);

    @Inject
    ChunkRepository chunks;

    /** @return how many chunks of other models were deleted (0 while some source still lacks {@code modelId}) */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Long> retireOtherModels(String ownerId, String personaId, String modelId) {
        var otherModels = and(eq("ownerId", ownerId), eq("personaId", personaId), ne("embeddingModelId", modelId));
        return chunks.collection().find(otherModels, new FindOptions().projection(new Document("_id", 1)).limit(1))
                .collect().first().flatMap(any -> any == null
                ? Uni.createFrom().item(0L)
                : complete(ownerId, personaId, modelId).flatMap(complete -> {
                    if (!complete) {
                        return Uni.createFrom().item(0L);
                    }
                    return chunks.collection().deleteMany(otherModels).map(result -> {
                        LOG.infof("Persona %s: every source has %s chunks; %d chunks of older models deleted",
                                personaId, modelId, result.getDeletedCount());
                        return result.getDeletedCount();
                    });
                }));
    }

    /** Whether every source of the persona that has chunks has chunks of {@code modelId}. */
    private Uni<Boolean> complete(String ownerId, String personaId, String modelId) {
        List<org.bson.conversions.Bson> pipeline = List.of(
                Aggregates.match(and(eq("ownerId", ownerId), eq("personaId", personaId))),
                Aggregates.group(new Document("source", "$sourceId").append("model", "$embeddingModelId"),
                        Accumulators.sum("chunks", 1)));
        return chunks.collection().aggregate(pipeline).collect().asList().map(rows -> {
            Set<Object> sources = new HashSet<>();
            Set<Object> withModel = new HashSet<>();
            for (Document row : rows) {
                Document key = row.get("_id", Document.class);
                sources.add(key.get("source"));
                if (modelId.equals(key.get("model"))) {
                    withModel.add(key.get("source"));
                }
            }
            return withModel.containsAll(sources);
        });
    }
}
