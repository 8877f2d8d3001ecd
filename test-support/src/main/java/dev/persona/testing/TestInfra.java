package dev.persona.testing;

import dev.persona.infra.EmbeddedKafka;
import dev.persona.infra.EmbeddedMongo;
import dev.persona.infra.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * One Kafka broker and one MongoDB-wire server per test JVM, shared by every test of a module and closed when the
 * JVM exits. With {@code -Dpersona.test.infra=containers} (Maven profile {@code containers}) or
 * {@code PERSONA_TEST_INFRA=containers}, real Kafka and MongoDB images run through Testcontainers instead.
 */
final class TestInfra {
    private static final Logger LOG = Logger.getLogger(TestInfra.class);
    private static String kafkaBootstrap;
    private static String mongoUri;

    private TestInfra() {
    }

    static boolean useContainers() {
        String mode = System.getProperty("persona.test.infra", System.getenv("PERSONA_TEST_INFRA"));
        return "containers".equalsIgnoreCase(mode);
    }

    static synchronized String kafka() {
        if (kafkaBootstrap == null) {
            long started = System.nanoTime();
            kafkaBootstrap = useContainers() ? Containers.kafka() : embeddedKafka();
            LOG.infof("Kafka broker ready at %s in %d ms", kafkaBootstrap, (System.nanoTime() - started) / 1_000_000);
        }
        return kafkaBootstrap;
    }

    static synchronized String mongo() {
        if (mongoUri == null) {
            long started = System.nanoTime();
            mongoUri = useContainers() ? Containers.mongo() : embeddedMongo();
            LOG.infof("MongoDB-wire server ready at %s in %d ms", mongoUri, (System.nanoTime() - started) / 1_000_000);
        }
        return mongoUri;
    }

    private static String embeddedKafka() {
        try {
            Path dir = Files.createTempDirectory("persona-kafka-");
            EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("log"), FreePort.find()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
            return kafka.bootstrapServers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String embeddedMongo() {
        EmbeddedMongo mongo = EmbeddedMongo.inMemory(FreePort.find()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "embedded-mongo-stop"));
        return mongo.connectionString();
    }
}
