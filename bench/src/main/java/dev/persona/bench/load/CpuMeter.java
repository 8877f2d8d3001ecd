package dev.persona.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time taken by this JVM (with a system it started: the gateway, the MongoDB-wire server, the broker and the
 * bench's own client) and by each service JVM it started, so a run reports what a chat costs where. Latency on a
 * shared 2-core machine depends on what else runs; CPU per chat much less.
 */
final class CpuMeter {
    static final String HERE = "bench JVM (gateway, mongo, kafka, client)";
    private static final String[] SERVICES = {"auth-service", "ingest-service", "transcribe-service", "embed-service",
            "chat-service"};

    private CpuMeter() {
    }

    /** CPU time so far, by process; services are known by the jar their command line runs. */
    static Map<String, Duration> snapshot() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        ProcessHandle.current().info().totalCpuDuration().ifPresent(d -> cpu.put(HERE, d));
        ProcessHandle.current().children().forEach(child -> service(child).ifPresent(
                name -> child.info().totalCpuDuration().ifPresent(d -> cpu.put(name, d))));
        return cpu;
    }

    /** Milliseconds of CPU per {@code chats} between two snapshots, by process. */
    static Map<String, Double> perChat(Map<String, Duration> before, Map<String, Duration> after, int chats) {
        Map<String, Double> perChat = new LinkedHashMap<>();
        after.forEach((name, total) -> {
            Duration start = before.get(name);
            if (start != null && chats > 0) {
                perChat.put(name, (total.toNanos() - start.toNanos()) / 1e6 / chats);
            }
        });
        return perChat;
    }

    private static Optional<String> service(ProcessHandle process) {
        String command = process.info().commandLine().orElse("");
        for (String name : SERVICES) {
            if (command.contains("/" + name + "/")) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }
}
