package dev.persona.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * A service the launcher runs as a child JVM from its built Quarkus application.
 *
 * @param heap maximum heap, e.g. "768m"
 */
record ServiceSpec(String name, int port, String heap) {

    /**
     * Where every service listens: loopback only, so only the gateway (with its path rules, and without the
     * services' {@code /q/} metrics, OpenAPI, Swagger UI and health) is reachable from other machines.
     */
    static final String HOST = "127.0.0.1";

    /** The services in pipeline order; ports match each service's application.properties. */
    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("auth-service", 8081, "384m"),
            new ServiceSpec("ingest-service", 8082, "768m"),
            new ServiceSpec("transcribe-service", 8083, "768m"),
            new ServiceSpec("embed-service", 8084, "1g"),
            new ServiceSpec("chat-service", 8085, "1g"));

    Path runnableJar(Path projectRoot) {
        return projectRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
