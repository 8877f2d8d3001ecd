package dev.persona.bench.grounding;

import dev.persona.infra.FreePort;
import dev.persona.launcher.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The system the bench talks to: one already running at a base URL, or the whole stack started here. */
public final class SystemUnderTest implements AutoCloseable {
    private static final String[] SERVICES = {"auth-service", "ingest-service", "transcribe-service", "embed-service",
            "chat-service"};

    /** What the stack keeps under its home besides the logs: ~80 MB a run that nothing reads again. */
    private static final String[] DATA_FOLDERS = {"kafka", "mongo", "data"};

    private final String baseUrl;
    private final Stack stack;
    private final Path home;
    private final String kafkaBootstrap;

    private SystemUnderTest(String baseUrl, Stack stack, Path home, String kafkaBootstrap) {
        this.baseUrl = baseUrl;
        this.stack = stack;
        this.home = home;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    public static SystemUnderTest at(String baseUrl) {
        return new SystemUnderTest(baseUrl.replaceAll("/+$", ""), null, null, null);
    }

    /** Every service built under {@code projectRoot}, on free ports, with its data and logs under {@code runs}. */
    public static SystemUnderTest start(Path projectRoot, Path runs) {
        Map<String, Integer> services = new LinkedHashMap<>();
        for (String name : SERVICES) {
            services.put(name, FreePort.find());
        }
        Stack.Ports ports = new Stack.Ports(FreePort.find(), FreePort.find(), FreePort.find(), services);
        Path home = runs.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("Starting the system from " + projectRoot + " (data and logs in " + home + ")");
        Stack stack = new Stack(projectRoot, home, ports, System.out).start(Duration.ofMinutes(4));
        if (!stack.allReady() || stack.states().containsValue("NOT_BUILT")) {
            stack.close();
            throw new IllegalStateException("Not every service is up: " + stack.states() + "; logs in "
                    + stack.runDir());
        }
        return new SystemUnderTest(stack.baseUrl(), stack, home, "localhost:" + ports.kafka());
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The broker of a system this bench started; null for one reached by its URL only. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    @Override
    public void close() {
        if (stack == null) {
            return;
        }
        stack.close();
        // BENCH_KEEP_DATA=1 keeps the stores, e.g. for chat-service's offline GateCalibration over mongo/persona.mv.
        if ("1".equals(System.getenv("BENCH_KEEP_DATA"))) {
            System.out.println("Data kept in " + home);
            return;
        }
        for (String folder : DATA_FOLDERS) {
            deleteTree(home.resolve(folder));
        }
        System.out.println("Service logs kept in " + stack.runDir());
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.out.println("Could not delete " + root + ": " + e.getMessage());
        }
    }
}
