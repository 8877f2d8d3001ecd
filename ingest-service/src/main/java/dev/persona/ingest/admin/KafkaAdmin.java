package dev.persona.ingest.admin;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka Admin client of the admin routes and the topic set-up, built from the application's own Kafka settings
 * ({@code kafka.*}, security included) and created on first use so a broker that is down does not stop the start.
 */
@ApplicationScoped
public class KafkaAdmin {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private Admin admin;

    public synchronized Admin get() {
        if (admin == null) {
            Set<String> known = AdminClientConfig.configNames();
            Map<String, Object> config = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (known.contains(key)) {
                    config.put(key, value);
                }
            });
            config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "ingest-service-admin");
            admin = Admin.create(config);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
