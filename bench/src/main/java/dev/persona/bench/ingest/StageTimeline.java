package dev.persona.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When each job passed each point of the pipeline, as the stages themselves stamped it: ingest's
 * {@code audio-uploaded} and the stages' {@code job-progress} events ({@code transcribing}, {@code transcribed},
 * {@code embedding}, {@code ready}), read from the broker as they come. One machine, one clock.
 */
final class StageTimeline implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first time each point was reached (a redelivered event does not move it). */
    record Points(Instant uploaded, Instant transcribing, Instant transcribed, Instant embedding, Instant ready) {
        boolean complete() {
            return uploaded != null && transcribing != null && transcribed != null && embedding != null && ready != null;
        }

        double waitForTranscribe() {
            return seconds(uploaded, transcribing);
        }

        double transcribe() {
            return seconds(transcribing, transcribed);
        }

        double waitForEmbed() {
            return seconds(transcribed, embedding);
        }

        double embed() {
            return seconds(embedding, ready);
        }

        private static double seconds(Instant from, Instant to) {
            return Duration.between(from, to).toNanos() / 1e9;
        }
    }

    private final Map<String, Map<String, Instant>> byJob = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private volatile boolean running = true;

    StageTimeline(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("audio-uploaded", "job-progress"));
        reader = new Thread(this::read, "ingest-bench-timeline");
        reader.setDaemon(true);
        reader.start();
    }

    Optional<Points> of(String jobId) {
        Map<String, Instant> seen = byJob.get(jobId);
        if (seen == null) {
            return Optional.empty();
        }
        return Optional.of(new Points(seen.get("uploaded"), seen.get("transcribing"), seen.get("transcribed"),
                seen.get("embedding"), seen.get("ready")));
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    JsonNode event = JSON.readTree(record.value());
                    String point = "audio-uploaded".equals(record.topic()) ? "uploaded" : event.path("stage").asText();
                    byJob.computeIfAbsent(event.path("jobId").asText(), j -> new ConcurrentHashMap<>())
                            .putIfAbsent(point, instant(event.path("occurredAt")));
                } catch (IOException | RuntimeException unreadable) {
                    // Not an event this bench knows; the services dead-letter those themselves.
                }
            }
        }
        consumer.close();
    }

    /** Jackson writes instants as ISO text or as decimal epoch seconds, depending on the writer's settings. */
    private static Instant instant(JsonNode value) {
        if (value.isNumber()) {
            double seconds = value.asDouble();
            long whole = (long) Math.floor(seconds);
            return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
        }
        return Instant.parse(value.asText());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5000);
    }
}
