package dev.persona.launcher;

import dev.persona.infra.EmbeddedKafka;
import dev.persona.infra.EmbeddedMongo;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole system on one machine: a Kafka broker and a MongoDB-wire server in this JVM, every built service as a
 * child JVM, and the gateway in front. Data lives under {@code home} and survives restarts; each start gets its
 * own run folder with one log per service.
 */
public final class Stack implements AutoCloseable {

    /** Where things listen. {@link #defaults()} are the documented ports; tests pass free ones. */
    public record Ports(int gateway, int kafka, int mongo, Map<String, Integer> services) {
        public static Ports defaults() {
            Map<String, Integer> services = new LinkedHashMap<>();
            ServiceSpec.ALL.forEach(s -> services.put(s.name(), s.port()));
            return new Ports(8080, 9092, 27017, services);
        }
    }

    private final Path projectRoot;
    private final Path home;
    private final Ports ports;
    private final PrintStream out;
    private final GatewayConfig gatewayConfig;
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    // Read by the gateway's threads while a fault drill changes it.
    private final Map<String, Gateway.ServiceState> states = new ConcurrentHashMap<>();
    private final List<ServiceSpec> specs = new ArrayList<>();
    private Path runDir;
    private EmbeddedKafka kafka;
    private EmbeddedMongo mongo;
    private Gateway gateway;

    /** The gateway's limits come from {@code persona.gateway.*} system properties or environment variables. */
    public Stack(Path projectRoot, Path home, Ports ports, PrintStream out) {
        this(projectRoot, home, ports, out, GatewayConfig.fromSystem());
    }

    Stack(Path projectRoot, Path home, Ports ports, PrintStream out, GatewayConfig gatewayConfig) {
        this.gatewayConfig = gatewayConfig;
        this.projectRoot = projectRoot.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
        this.ports = ports;
        this.out = out;
        ServiceSpec.ALL.forEach(s -> specs.add(new ServiceSpec(s.name(), ports.services().get(s.name()), s.heap())));
    }

    /** Where the web module's build puts the app the gateway serves at {@code /}. */
    static Path webAppDir(Path projectRoot) {
        return projectRoot.resolve("web").resolve("target").resolve("dist");
    }

    public String baseUrl() {
        return "http://localhost:" + ports.gateway();
    }

    public Path runDir() {
        return runDir;
    }

    /** Starts everything and waits until every built service is ready or {@code timeout} passes. */
    public Stack start(Duration timeout) {
        try {
            return doStart(timeout);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Stack doStart(Duration timeout) {
        try {
            runDir = home.resolve("runs").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        kafka = new EmbeddedKafka(home.resolve("kafka"), ports.kafka()).start();
        out.printf("  kafka broker       ready     %s (%d ms)%n", kafka.bootstrapServers(), millisSince(t0));
        long t1 = System.nanoTime();
        mongo = openStore();
        out.printf("  mongo-wire server  ready     %s (%d ms)%n", mongo.connectionString(), millisSince(t1));

        for (ServiceSpec spec : specs) {
            Path jar = spec.runnableJar(projectRoot);
            if (!Files.exists(jar)) {
                states.put(spec.name(), Gateway.ServiceState.NOT_BUILT);
                continue;
            }
            states.put(spec.name(), Gateway.ServiceState.STARTING);
            running.put(spec.name(), launch(spec));
        }
        WebApp webApp = WebApp.load(webAppDir(projectRoot));
        gateway = new Gateway(ports.gateway(), gatewayConfig, webApp, specs,
                name -> states.getOrDefault(name, Gateway.ServiceState.NOT_BUILT));
        out.printf("  %-18s %-9s %s%n", "web app", webApp.built() ? "ready" : "not built",
                webApp.built() ? baseUrl() + "/ (" + webApp.fileCount() + " files)"
                        : "(./mvnw package -pl web; the gateway answers / with its JSON overview)");
        awaitReady(timeout);
        for (ServiceSpec spec : specs) {
            Gateway.ServiceState state = states.get(spec.name());
            String where = state == Gateway.ServiceState.NOT_BUILT ? "(not built: ./mvnw package -pl " + spec.name() + ")"
                    : "logs: " + home.relativize(runDir.resolve(spec.name() + ".log"));
            out.printf("  %-18s %-9s :%d  %s%n", spec.name(), state.name().toLowerCase().replace('_', ' '), spec.port(),
                    where);
        }
        return this;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean waiting = false;
            for (ServiceProcess service : running.values()) {
                String name = service.spec().name();
                if (states.get(name) != Gateway.ServiceState.STARTING) {
                    continue;
                }
                if (service.isReady()) {
                    states.put(name, Gateway.ServiceState.READY);
                } else if (!service.isAlive()) {
                    states.put(name, Gateway.ServiceState.STOPPED);
                    out.printf("  %s stopped while starting; last lines of its log:%n%s%n", name, service.lastLogLines(15));
                } else {
                    waiting = true;
                }
            }
            if (!waiting) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---- fault drills: what the e2e fault tests do to a running system (and an operator may, to see it cope) ----

    /** Kills a service's JVM at once, mid-work; the gateway answers its routes 503 until it is started again. */
    public void killService(String name) {
        ServiceProcess service = running.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No running service " + name);
        }
        states.put(name, Gateway.ServiceState.STOPPED);
        service.kill();
    }

    /** Starts a service that was killed or stopped, with its usual settings, and waits until it is ready. */
    public boolean startService(String name, Duration timeout) {
        ServiceSpec spec = specs.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + name));
        ServiceProcess previous = running.get(name);
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        states.put(name, Gateway.ServiceState.STARTING);
        running.put(name, launch(spec));
        awaitReady(timeout);
        return states.get(name) == Gateway.ServiceState.READY;
    }

    /** Stops the broker and starts it again on the same port and log directory: its records and offsets stay. */
    public void restartBroker() {
        kafka.close();
        kafka.start();
    }

    /** Stops the MongoDB-wire server; its data stays in the file it is started from again by {@link #startStore}. */
    public void stopStore() {
        mongo.close();
    }

    public void startStore() {
        mongo = openStore();
    }

    /** A service's JVM with its usual settings, logging into this run's folder. */
    private ServiceProcess launch(ServiceSpec spec) {
        return ServiceProcess.start(spec, spec.runnableJar(projectRoot), runDir, propertiesFor(spec), environment());
    }

    private EmbeddedMongo openStore() {
        return EmbeddedMongo.persistent(home.resolve("mongo").resolve("persona.mv"), ports.mongo()).start();
    }

    /** Whether every service that was built is ready. */
    public boolean allReady() {
        return running.keySet().stream().allMatch(name -> states.get(name) == Gateway.ServiceState.READY);
    }

    public Map<String, String> states() {
        Map<String, String> view = new LinkedHashMap<>();
        specs.forEach(s -> view.put(s.name(), states.getOrDefault(s.name(), Gateway.ServiceState.NOT_BUILT).name()));
        return view;
    }

    private Map<String, String> propertiesFor(ServiceSpec spec) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", Integer.toString(spec.port()));
        // Loopback only: the gateway is the one way in from outside.
        p.put("quarkus.http.host", ServiceSpec.HOST);
        p.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.put("quarkus.mongodb.connection-string", mongo.connectionString());
        // The services' production profile logs JSON for a cluster's collector; here a person reads the log files.
        p.put("quarkus.log.console.json.enabled", "false");
        p.put("persona.jwks-url",
                "http://" + ServiceSpec.HOST + ":" + ports.services().get("auth-service") + "/auth/jwks");
        if ("auth-service".equals(spec.name())) {
            // No SMTP server on a laptop: verification mails go to the log, and their links to the gateway.
            p.put("quarkus.mailer.mock", "true");
            p.put("persona.auth.public-url", baseUrl());
        }
        if ("chat-service".equals(spec.name())) {
            // Voice chat has its questions transcribed by transcribe-service on the spot.
            p.put("persona.chat.voice-chat.transcribe-url",
                    "http://" + ServiceSpec.HOST + ":" + ports.services().get("transcribe-service"));
        }
        return p;
    }

    private Map<String, String> environment() {
        return Map.of("PERSONA_DATA_DIR", home.resolve("data").toString());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        // Services first, so they commit offsets and finish writes while the broker and store are still there.
        running.values().parallelStream().forEach(ServiceProcess::close);
        if (kafka != null) {
            kafka.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }
}
