package dev.persona.ingest.admin;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jboss.logging.Logger;

/** The offsets method through the Kafka Admin API: plan, reset and follow a stage's consumer group. */
@ApplicationScoped
public class StageOffsets {
    private static final Logger LOG = Logger.getLogger(StageOffsets.class);
    private static final long TIMEOUT_SECONDS = 15;

    @Inject
    KafkaAdmin kafka;

    public Uni<OffsetPlan> plan(String group, String topic) {
        return blocking(() -> {
            Admin admin = kafka.get();
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return new OffsetPlan(group, topic, offsets(admin, partitions, OffsetSpec.earliest()),
                    offsets(admin, partitions, OffsetSpec.latest()), members(admin, group));
        });
    }

    /** Moves the group to the plan's start offsets; Kafka itself refuses if the group became active meanwhile. */
    public Uni<Void> reset(OffsetPlan plan) {
        return blocking(() -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            plan.start().forEach((p, offset) -> offsets.put(new TopicPartition(plan.topic(), p),
                    new OffsetAndMetadata(offset)));
            try {
                kafka.get().alterConsumerGroupOffsets(plan.group(), offsets).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw ApiException.conflict(ErrorCodes.CONFLICT, "Kafka refused to move the consumer group '"
                        + plan.group() + "' (" + e.getCause().getClass().getSimpleName() + "): stop the stage first.");
            }
            LOG.infof("Reset consumer group %s on %s to its earliest offsets (%d events to replay)", plan.group(),
                    plan.topic(), plan.events());
            return null;
        });
    }

    /** The group's committed offsets on the topic, by partition. */
    public Uni<Map<Integer, Long>> committed(String group, String topic) {
        return blocking(() -> {
            Map<Integer, Long> committed = new HashMap<>();
            kafka.get().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((tp, offset) -> {
                        if (tp.topic().equals(topic) && offset != null) {
                            committed.put(tp.partition(), offset.offset());
                        }
                    });
            return committed;
        });
    }

    private static Map<Integer, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<Integer, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
        return offsets;
    }

    private static int members(Admin admin, String group) throws Exception {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(group);
            return description == null ? 0 : description.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    /** Admin calls block on futures: off the event loop, and a broker that does not answer is a 503, not a hang. */
    private static <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (ApiException e) {
                throw e;
            } catch (TimeoutException | ExecutionException e) {
                throw unavailable(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(e);
            } catch (Exception e) {
                throw unavailable(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static ApiException unavailable(Exception e) {
        LOG.warnf("Kafka Admin call failed: %s", e.toString());
        return new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                "The Kafka broker did not answer; try again.", Map.of("Retry-After", "10"));
    }
}
