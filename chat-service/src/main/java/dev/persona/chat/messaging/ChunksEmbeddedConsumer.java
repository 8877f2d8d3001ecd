package dev.persona.chat.messaging;

import dev.persona.chat.service.retrieval.PersonaIndexRegistry;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.Topics;
import dev.persona.common.messaging.ConsumerContract;
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
 * {@link PersonaIndexRegistry#refreshSource(String, String, String, String)}. The consumers' one contract
 * ({@link ConsumerContract}): an unreadable record, or one whose refresh still fails after its retry (the index is
 * then dropped), goes to {@code chunks-embedded-dlq}.
 */
@ApplicationScoped
public class ChunksEmbeddedConsumer {
    private static final Logger LOG = Logger.getLogger(ChunksEmbeddedConsumer.class);
    static final int REFRESH_RETRIES = 3;

    @Inject
    PersonaIndexRegistry indexes;

    @Incoming(Topics.CHUNKS_EMBEDDED)
    public Uni<Void> onChunksEmbedded(ChunksEmbedded event) {
        return ConsumerContract.consume(Topics.CHUNKS_EMBEDDED, event,
                e -> e.ownerId() != null && e.personaId() != null && e.sourceId() != null, this::refresh,
                // No job to mark (embed reported it ready; the chunks are stored): the index is a cache of MongoDB,
                // so one that could not be refreshed is dropped and the next question rebuilds it.
                (e, failure) -> {
                    LOG.errorf(failure, "Could not refresh source %s of persona %s", e.sourceId(), e.personaId());
                    indexes.evict(e.ownerId(), e.personaId());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Chunks of another model than a held index's are a model switch in progress: the registry decides. */
    private Uni<Void> refresh(ChunksEmbedded event) {
        // The one retry of this MongoDB read (the registry does not retry it again).
        return indexes.refreshSource(event.ownerId(), event.personaId(), event.sourceId(), event.embeddingModelId())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofMillis(400)).atMost(REFRESH_RETRIES);
    }
}
