package dev.persona.chat.messaging;

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
 * re-reads its chunks from MongoDB, so a replayed or duplicated event converges to the same index. Events of another
 * embedding model than a held index's (a model switch) may move the persona to that model, see
 * {@link PersonaIndexRegistry#refreshSource(String, String, String, String)}.
 */
@ApplicationScoped
public class ChunksEmbeddedConsumer {
    private static final Logger LOG = Logger.getLogger(ChunksEmbeddedConsumer.class);

    @Inject
    PersonaIndexRegistry indexes;

    @Incoming(Topics.CHUNKS_EMBEDDED)
    public Uni<Void> onChunksEmbedded(ChunksEmbedded event) {
        if (event == null || event.ownerId() == null || event.personaId() == null || event.sourceId() == null) {
            LOG.warn("Ignoring an incomplete chunks-embedded event");
            return Uni.createFrom().voidItem();
        }
        // Chunks of another model than a held index's are a model switch in progress: the registry decides.
        return indexes.refreshSource(event.ownerId(), event.personaId(), event.sourceId(), event.embeddingModelId())
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
