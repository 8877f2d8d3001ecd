package dev.persona.chat.messaging;

import dev.persona.chat.service.retrieval.PersonaIndexRegistry;
import dev.persona.chat.service.voice.GeneratedAudioStore;
import dev.persona.chat.service.voice.VoiceProfiles;
import dev.persona.common.concurrent.Offload;
import dev.persona.common.events.PersonaDeleted;
import dev.persona.common.events.Topics;
import dev.persona.common.messaging.ConsumerContract;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Erases what this instance holds of a deleted persona: its in-memory index (ingest-service already erased the
 * stored chunks and chat history), and chat-service's own stored voice estimate and generated audio. Every instance
 * holds its own indexes, so every instance must see the event: a
 * consumer group per instance, like chunks-embedded. Erasing an index that is not held is a success, so a repeated
 * event is harmless. The consumers' one contract ({@link ConsumerContract}): an unreadable record goes to
 * {@code persona-deleted-dlq}.
 */
@ApplicationScoped
public class PersonaDeletedConsumer {
    private static final Logger LOG = Logger.getLogger(PersonaDeletedConsumer.class);

    @Inject
    PersonaIndexRegistry indexes;

    @Inject
    VoiceProfiles voices;

    @Inject
    GeneratedAudioStore audio;

    @Incoming(Topics.PERSONA_DELETED)
    public Uni<Void> onPersonaDeleted(PersonaDeleted event) {
        return ConsumerContract.consume(Topics.PERSONA_DELETED, event,
                e -> e.ownerId() != null && e.personaId() != null, e -> {
                    indexes.evict(e.ownerId(), e.personaId());
                    LOG.infof("Dropped the index of deleted persona %s", e.personaId());
                    // Its measured voice and generated audio are chat-service's own: erased here (blocking store
                    // calls, so off the event loop).
                    return Offload.blocking(() -> {
                        voices.forget(e.ownerId(), e.personaId());
                        return audio.deleteAll(e.ownerId(), e.personaId());
                    }).replaceWithVoid();
                }, ConsumerContract.deadLetterOnly());
    }
}
