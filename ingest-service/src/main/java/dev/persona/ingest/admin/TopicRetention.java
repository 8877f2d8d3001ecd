package dev.persona.ingest.admin;

import dev.persona.common.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Gives the stages' input topics ({@code audio-uploaded}, {@code transcript-ready}) the retention the offsets
 * replay method relies on ({@code persona.ingest.replay.retention.input-topics}). A missing topic is created with
 * the broker's default partitions and replication, as auto-creation would; an existing one only gets its
 * {@code retention.ms} set. Done in the background: a broker that is down delays it, never the service's start.
 */
@ApplicationScoped
public class TopicRetention {
    private static final Logger LOG = Logger.getLogger(TopicRetention.class);
    static final List<String> INPUT_TOPICS = List.of(Topics.AUDIO_UPLOADED, Topics.TRANSCRIPT_READY);

    @Inject
    ReplayConfig config;

    @Inject
    KafkaAdmin kafka;

    void onStart(@Observes StartupEvent event) {
        if (!config.retention().manage()) {
            return;
        }
        // Parsed here, so a bad value stops the start with the key in the message instead of failing later.
        String retentionMs = retentionMs(config.retention().inputTopics());
        Thread worker = new Thread(() -> apply(retentionMs), "replay-topic-retention");
        worker.setDaemon(true);
        worker.start();
    }

    /** {@code infinite} is -1 (Kafka's "keep for ever"); anything else an ISO-8601 duration. */
    static String retentionMs(String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase("infinite")) {
            return "-1";
        }
        try {
            Duration duration = Duration.parse(v);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("persona.ingest.replay.retention.input-topics must be positive: " + value);
            }
            return Long.toString(duration.toMillis());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("persona.ingest.replay.retention.input-topics must be 'infinite' or an"
                    + " ISO-8601 duration such as P30D, not '" + value + "'", e);
        }
    }

    private void apply(String retentionMs) {
        for (String topic : INPUT_TOPICS) {
            try {
                ensure(kafka.get(), topic, retentionMs);
            } catch (Exception e) {
                LOG.warnf("Could not set retention.ms=%s on %s (%s); replays by offsets may find events deleted",
                        retentionMs, topic, e.toString());
            }
        }
    }

    private static void ensure(Admin admin, String topic, String retentionMs) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, retentionMs)))).all().get(30, TimeUnit.SECONDS);
            LOG.infof("Created %s with retention.ms=%s", topic, retentionMs);
            return;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retentionMs), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
        LOG.infof("Set retention.ms=%s on %s", retentionMs, topic);
    }
}
