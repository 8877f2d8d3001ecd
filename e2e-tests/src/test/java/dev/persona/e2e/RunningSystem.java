package dev.persona.e2e;

import dev.persona.infra.FreePort;
import dev.persona.launcher.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The whole system, started once per test JVM on free ports and stopped when the JVM exits. */
final class RunningSystem {
    private static RunningSystem instance;

    final Stack stack;
    final Stack.Ports ports;
    final Path projectRoot;

    private RunningSystem(Stack stack, Stack.Ports ports, Path projectRoot) {
        this.stack = stack;
        this.ports = ports;
        this.projectRoot = projectRoot;
    }

    static synchronized RunningSystem get() {
        if (instance == null) {
            Path root = Path.of(System.getProperty("persona.root", "..")).toAbsolutePath().normalize();
            Map<String, Integer> services = new LinkedHashMap<>();
            for (String name : new String[] {"auth-service", "ingest-service", "transcribe-service", "embed-service",
                    "chat-service"}) {
                services.put(name, FreePort.find());
            }
            Stack.Ports ports = new Stack.Ports(FreePort.find(), FreePort.find(), FreePort.find(), services);
            Path home;
            try {
                home = Files.createTempDirectory("persona-e2e-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Stack stack = new Stack(root, home, ports, System.out).start(Duration.ofMinutes(4));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-stop"));
            instance = new RunningSystem(stack, ports, root);
            if (!stack.allReady() || stack.states().containsValue("NOT_BUILT")) {
                throw new IllegalStateException("Not every service is up: " + stack.states() + "; logs in "
                        + stack.runDir());
            }
        }
        return instance;
    }

    String baseUrl() {
        return stack.baseUrl();
    }

    String kafkaBootstrap() {
        return "localhost:" + ports.kafka();
    }

    String mongoUri() {
        return "mongodb://localhost:" + ports.mongo();
    }

    Path samples() {
        return projectRoot.resolve("samples");
    }
}
