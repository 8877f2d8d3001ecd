package dev.persona.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-delivers every record of some topics (as an operator replaying after a model change would) and waits until
 * every consumer group has consumed up to the end of every partition.
 */
final class TopicReplayer implements AutoCloseable {
    private final String bootstrap;
    private final Admin admin;

    TopicReplayer(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    int replay(List<String> topics) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topics);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));
            }
            producer.flush();
        }
        return records.size();
    }

    /** Every record the topics hold right now, from their beginning to their current end. */
    List<ConsumerRecord<byte[], byte[]>> readAll(List<String> topics) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-replay-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<TopicPartition, Long> ends = endOffsets(topics);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!caughtUp(consumer, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Waits until each service's consumer group has committed the end offset of every partition it reads. */
    void awaitConsumersCaughtUp(Duration timeout) {
        Awaitility.await("every consumer group at the end of its topics").atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(this::lagByGroup, lag -> lag.values().stream().allMatch(l -> l == 0));
    }

    private Map<String, Long> lagByGroup() throws Exception {
        Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get();
        Map<String, Long> lag = new HashMap<>();
        for (ConsumerGroupListing group : groups) {
            if (group.groupId().startsWith("e2e-replay-")) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get();
            Set<String> topics = committed.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = endOffsets(List.copyOf(topics));
            long total = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                total += end.getValue() - (offset == null ? 0 : offset.offset());
            }
            lag.put(group.groupId(), total);
        }
        return lag;
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    @Override
    public void close() {
        admin.close();
    }
}
