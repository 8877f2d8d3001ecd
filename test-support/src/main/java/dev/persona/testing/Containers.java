package dev.persona.testing;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/** Real Kafka and MongoDB images, for machines with a Docker engine. Containers stop with the JVM (Ryuk). */
final class Containers {
    private Containers() {
    }

    @SuppressWarnings("resource")
    static String kafka() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        kafka.start();
        return kafka.getBootstrapServers();
    }

    @SuppressWarnings("resource")
    static String mongo() {
        MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");
        mongo.start();
        return mongo.getConnectionString();
    }
}
