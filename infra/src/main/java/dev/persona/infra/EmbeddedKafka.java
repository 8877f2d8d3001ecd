package dev.persona.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node) running in this JVM.
 * The log directory is formatted once; starting again on the same directory keeps topics and offsets.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public EmbeddedKafka(Path logDir, int port) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = FreePort.find();
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public EmbeddedKafka start() {
        Properties props = brokerProperties();
        format(props);
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return this;
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // One node: every replication factor is 1, and consumers join groups without the usual 3 s wait.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("log.flush.interval.messages", "1");
        return p;
    }

    private void format(Properties props) {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return;
            }
            Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
            try (var out = Files.newOutputStream(config)) {
                props.store(out, "persona embedded kafka");
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int rc = StorageTool$.MODULE$.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--standalone", "--ignore-formatted"},
                    new PrintStream(buffer, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("Formatting the Kafka log directory failed: "
                        + buffer.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}
