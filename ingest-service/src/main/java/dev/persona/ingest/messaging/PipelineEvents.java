package dev.persona.ingest.messaging;

import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.PersonaDeleted;
import dev.persona.common.events.Topics;
import dev.persona.common.events.TranscriptReady;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes the events ingest-service produces, keyed by persona id so one persona's events stay ordered in one
 * partition. Each send completes when the broker acknowledged it, so an upload only answers 202 once its event is
 * durable.
 */
@ApplicationScoped
public class PipelineEvents {

    @Inject
    @Channel(Topics.AUDIO_UPLOADED)
    MutinyEmitter<Record<String, AudioUploaded>> audioUploaded;

    @Inject
    @Channel(Topics.TRANSCRIPT_READY)
    MutinyEmitter<Record<String, TranscriptReady>> transcriptReady;

    @Inject
    @Channel(Topics.PERSONA_DELETED)
    MutinyEmitter<Record<String, PersonaDeleted>> personaDeleted;

    @Inject
    @Channel(Topics.CHUNKS_EMBEDDED)
    MutinyEmitter<Record<String, ChunksEmbedded>> chunksEmbedded;

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Void> publish(AudioUploaded event) {
        return audioUploaded.send(Record.of(event.personaId(), event));
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Void> publish(TranscriptReady event) {
        return transcriptReady.send(Record.of(event.personaId(), event));
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Void> publish(PersonaDeleted event) {
        return personaDeleted.send(Record.of(event.personaId(), event));
    }

    /**
     * A deleted source, told to chat-service the way it learns of changed sources: {@code chunks-embedded} with no
     * chunk ids (and no model id), on which it re-reads the source's chunks from MongoDB, finds none and drops it.
     */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public Uni<Void> publishSourceRemoved(String ownerId, String personaId, String sourceId) {
        return chunksEmbedded.send(Record.of(personaId, ChunksEmbedded.of(ownerId, personaId, null, sourceId,
                List.of(), null)));
    }
}
