package dev.persona.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the application at the test JVM's MongoDB-wire server. */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.mongodb.connection-string", TestInfra.mongo());
    }

    @Override
    public void stop() {
        // Shared by the module's tests; a shutdown hook stops it with the JVM.
    }
}
