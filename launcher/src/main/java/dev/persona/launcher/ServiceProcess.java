package dev.persona.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as a child JVM, its output in a log file of the run folder. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceSpec spec;
    private final Path log;
    private Process process;

    private ServiceProcess(ServiceSpec spec, Path log) {
        this.spec = spec;
        this.log = log;
    }

    static ServiceProcess start(ServiceSpec spec, Path jar, Path runDir, Map<String, String> properties,
            Map<String, String> environment) {
        ServiceProcess service = new ServiceProcess(spec, runDir.resolve(spec.name() + ".log"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + spec.heap());
        command.add("-XX:+UseSerialGC");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(service.log.toFile())); // a restart keeps the log
        builder.environment().putAll(environment);
        try {
            service.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + spec.name(), e);
        }
        return service;
    }

    ServiceSpec spec() {
        return spec;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether the service reports itself ready (Quarkus readiness: its Kafka and Mongo connections included). */
    boolean isReady() {
        if (!isAlive()) {
            return false;
        }
        try {
            URI readiness = URI.create("http://" + ServiceSpec.HOST + ":" + spec.port() + "/q/health/ready");
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(3))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String lastLogLines(int count) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Kills the JVM at once (SIGKILL), as a crash or an evicted pod would: nothing is committed or flushed. */
    void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the JVM to stop (Quarkus shuts down gracefully on SIGTERM) and kills it if it has not after 15 s. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
