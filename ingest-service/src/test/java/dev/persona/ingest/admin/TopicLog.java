package dev.persona.ingest.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plain Kafka clients on the test JVM's real broker: positions, records between positions, group offsets. */
final class TopicLog {
    private static KafkaProducer<String, String> producer;
    private static Admin admin;

    private TopicLog() {
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
        }
        return admin;
    }

    static Map<TopicPartition, Long> ends(String topic) {
        return offsets(topic, OffsetSpec.latest());
    }

    static Map<TopicPartition, Long> starts(String topic) {
        return offsets(topic, OffsetSpec.earliest());
    }

    private static Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin().describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin().listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((tp, i) -> offsets.put(tp, i.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the offsets of " + topic, e);
        }
    }

    /** Every record of the topic from {@code from} up to its end now. */
    static List<ConsumerRecord<String, String>> since(Map<TopicPartition, Long> from) {
        String topic = from.keySet().iterator().next().topic();
        Map<TopicPartition, Long> until = ends(topic);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("test-" + UUID.randomUUID())) {
            consumer.assign(until.keySet());
            until.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (until.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < until.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    /** Commits these offsets for a group, as its stage would after consuming up to them, then leaves the group. */
    static void commit(String group, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
            consumer.commitSync(commit);
        }
    }

    static Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((tp, o) -> committed.put(tp, o.offset()));
            return committed;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the offsets of group " + group, e);
        }
    }

    static KafkaConsumer<String, String> consumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    static synchronized void publish(String topic, String key, String json) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, json)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }
}
