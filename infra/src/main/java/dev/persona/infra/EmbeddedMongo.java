package dev.persona.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB-wire-protocol server (mongo-java-server) in this JVM: in memory for tests, or backed by an H2 file so
 * data survives restarts.
 *
 * <p>
 * It lacks transactions and sessions, {@code $text}, {@code $vectorSearch}/{@code $search} and
 * {@code $setWindowFields}. Persona's code uses none of them, so it runs unchanged on real MongoDB 7.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private final MongoServer server;
    private final String host;
    private final int port;

    private EmbeddedMongo(MongoBackend backend, int port) {
        // Driver 5 rejects the wire version older reported versions announce.
        backend.version(ServerVersion.MONGO_5_0);
        this.server = new MongoServer(backend);
        this.host = "localhost";
        this.port = port;
    }

    public static EmbeddedMongo inMemory(int port) {
        MemoryBackend backend = new MemoryBackend();
        backend.enableOplog();
        return new EmbeddedMongo(backend, port);
    }

    public static EmbeddedMongo persistent(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EmbeddedMongo(new H2Backend(file.toAbsolutePath().toString()), port);
    }

    public EmbeddedMongo start() {
        server.bind(host, port);
        return this;
    }

    public String connectionString() {
        return "mongodb://" + host + ":" + port;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
