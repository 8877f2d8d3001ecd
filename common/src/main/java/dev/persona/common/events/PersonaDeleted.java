package dev.persona.common.events;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * ingest-service erased a persona's data (recordings, documents, media, jobs, transcripts, chunks, stored chat
 * history); every service holding anything else of it (chat-service: in-memory indexes, caches, history) erases its
 * part. Published on {@link Topics#PERSONA_DELETED}, keyed by persona id, before the persona record itself is removed,
 * so an erasure that fails after the data went is published again when the DELETE is repeated: consumers must be
 * idempotent (erasing what is already gone is a success). Not a {@link PipelineEvent}: it belongs to no job.
 *
 * @param erased what ingest-service removed, per kind (the counts the DELETE answers); informational only
 */
public record PersonaDeleted(
        int schemaVersion,
        String eventId,
        String ownerId,
        String personaId,
        Map<String, Long> erased,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    public static PersonaDeleted of(String ownerId, String personaId, Map<String, Long> erased) {
        return new PersonaDeleted(SCHEMA_VERSION, UUID.randomUUID().toString(), ownerId, personaId,
                erased == null ? Map.of() : Map.copyOf(erased), Instant.now());
    }

    /** For {@code value.deserializer=dev.persona.common.events.PersonaDeleted$Deserializer}. */
    public static class Deserializer extends ObjectMapperDeserializer<PersonaDeleted> {
        public Deserializer() {
            super(PersonaDeleted.class);
        }
    }
}
