package dev.persona.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the application at the test JVM's real Kafka broker. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestInfra.kafka());
    }

    @Override
    public void stop() {
        // The broker outlives one application start so the module's other tests reuse it; a shutdown hook stops it.
    }
}
