package dev.persona.embed.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A plain Kafka consumer (its own group) that records what embed-service put on the real broker. */
final class TopicRecorder implements AutoCloseable {
    record Received(String topic, int partition, String key, JsonNode value) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Thread poller;
    private volatile boolean running = true;

    TopicRecorder(String bootstrap, List<String> topics) {
        Properties props = new Properties();
        props.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "embed-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(topics);
        poller = new Thread(this::poll, "topic-recorder");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(new Received(record.topic(), record.partition(), record.key(), parse(record.value())));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private JsonNode parse(String value) {
        try {
            return value == null ? null : json.readTree(value);
        } catch (Exception e) {
            return json.getNodeFactory().textNode(value);
        }
    }

    /** Records of {@code topic} whose value has {@code jobId}, in arrival order (one partition per persona key). */
    List<Received> forJob(String topic, String jobId) {
        return received.stream().filter(r -> r.topic().equals(topic) && r.value() != null
                && jobId.equals(r.value().path("jobId").asText(null))).toList();
    }

    List<Received> forKey(String topic, String key) {
        return received.stream().filter(r -> r.topic().equals(topic) && key.equals(r.key())).toList();
    }

    List<String> stages(String jobId) {
        return forJob("job-progress", jobId).stream().map(r -> r.value().path("stage").asText()).toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
