package dev.persona.common.events;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/**
 * Kafka deserializers for the event records. Quarkus detects them for {@code @Incoming} channels of the matching
 * type; values are JSON written by Quarkus's Jackson serializer.
 */
public final class EventSerde {
    private EventSerde() {
    }

    public static class AudioUploadedDeserializer extends ObjectMapperDeserializer<AudioUploaded> {
        public AudioUploadedDeserializer() {
            super(AudioUploaded.class);
        }
    }

    public static class TranscriptReadyDeserializer extends ObjectMapperDeserializer<TranscriptReady> {
        public TranscriptReadyDeserializer() {
            super(TranscriptReady.class);
        }
    }

    public static class ChunksEmbeddedDeserializer extends ObjectMapperDeserializer<ChunksEmbedded> {
        public ChunksEmbeddedDeserializer() {
            super(ChunksEmbedded.class);
        }
    }

    public static class JobProgressDeserializer extends ObjectMapperDeserializer<JobProgress> {
        public JobProgressDeserializer() {
            super(JobProgress.class);
        }
    }
}
