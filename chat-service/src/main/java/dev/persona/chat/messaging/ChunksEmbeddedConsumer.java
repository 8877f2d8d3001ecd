package dev.persona.chat.messaging;

import dev.persona.chat.config.EmbeddingConfig;
import dev.persona.chat.service.retrieval.PersonaIndexRegistry;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps in-memory persona indexes current. Every chat-service instance must see every event (each holds its own
 * indexes), so the channel uses a consumer group per instance; see application.properties. Refreshing a source
 * re-reads its chunks from MongoDB, so a replayed or duplicated event converges to the same index.
 */
@ApplicationScoped
public class ChunksEmbeddedConsumer {
    private static final Logger LOG = Logger.getLogger(ChunksEmbeddedConsumer.class);

    @Inject
    PersonaIndexRegistry indexes;

    @Inject
    EmbeddingConfig embedding;

    @Incoming(Topics.CHUNKS_EMBEDDED)
    public Uni<Void> onChunksEmbedded(ChunksEmbedded event) {
        if (event == null || event.ownerId() == null || event.personaId() == null || event.sourceId() == null) {
            LOG.warn("Ignoring an incomplete chunks-embedded event");
            return Uni.createFrom().voidItem();
        }
        if (event.embeddingModelId() != null && !embedding.modelId().equals(event.embeddingModelId())) {
            // Chunks of another model are never served; the active model's own event will follow a re-embed.
            LOG.debugf("Ignoring chunks of model %s (active: %s)", event.embeddingModelId(), embedding.modelId());
            return Uni.createFrom().voidItem();
        }
        return indexes.refreshSource(event.ownerId(), event.personaId(), event.sourceId())
                .onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(3)
                .onFailure().invoke(e -> LOG.errorf(e, "Could not refresh source %s of persona %s", event.sourceId(),
                        event.personaId()))
                // The index is a cache of MongoDB: a refresh that keeps failing drops it, the next question rebuilds.
                .onFailure().recoverWithItem(() -> {
                    indexes.evict(event.ownerId(), event.personaId());
                    return null;
                });
    }
}
