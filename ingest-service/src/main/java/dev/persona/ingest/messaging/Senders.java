package dev.persona.ingest.messaging;

import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.PersonaDeleted;
import dev.persona.common.events.Topics;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.messaging.KeyedSender;
import dev.persona.common.messaging.MessagingConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * The channels ingest-service sends on, as common's keyed sender (key = persona id, one send policy). Each send
 * completes when the broker acknowledged it, so an upload only answers 202 once its event is durable.
 */
@ApplicationScoped
public class Senders {

    @Inject
    @Channel(Topics.AUDIO_UPLOADED)
    MutinyEmitter<AudioUploaded> audioUploadedChannel;

    @Inject
    @Channel(Topics.TRANSCRIPT_READY)
    MutinyEmitter<TranscriptReady> transcriptReadyChannel;

    @Inject
    @Channel(Topics.PERSONA_DELETED)
    MutinyEmitter<PersonaDeleted> personaDeletedChannel;

    @Inject
    @Channel(Topics.CHUNKS_EMBEDDED)
    MutinyEmitter<ChunksEmbedded> chunksEmbeddedChannel;

    @Inject
    MessagingConfig policy;

    @Produces
    @Singleton
    KeyedSender<AudioUploaded> audioUploaded() {
        return new KeyedSender<>(audioUploadedChannel, AudioUploaded::personaId, policy);
    }

    @Produces
    @Singleton
    KeyedSender<TranscriptReady> transcriptReady() {
        return new KeyedSender<>(transcriptReadyChannel, TranscriptReady::personaId, policy);
    }

    @Produces
    @Singleton
    KeyedSender<PersonaDeleted> personaDeleted() {
        return new KeyedSender<>(personaDeletedChannel, PersonaDeleted::personaId, policy);
    }

    @Produces
    @Singleton
    KeyedSender<ChunksEmbedded> chunksEmbedded() {
        return new KeyedSender<>(chunksEmbeddedChannel, ChunksEmbedded::personaId, policy);
    }
}
