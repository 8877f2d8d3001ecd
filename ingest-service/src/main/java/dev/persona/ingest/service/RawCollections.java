package dev.persona.ingest.service;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Collections read or erased as plain documents: shared ones, other services' ones, and fields entities lack. */
@ApplicationScoped
public class RawCollections {

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    public ReactiveMongoCollection<Document> get(String name) {
        return mongo.getDatabase(database).getCollection(name);
    }
}
