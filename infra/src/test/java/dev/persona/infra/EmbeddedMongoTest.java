package dev.persona.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class EmbeddedMongoTest {

    @Test
    void persistentServerKeepsDocumentsAcrossRestarts() throws Exception {
        Path file = Files.createTempDirectory("mongo-test").resolve("persona.mv");
        int port = FreePort.find();
        try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, port).start();
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("persona").getCollection("personas")
                    .insertOne(new Document("_id", "p1").append("ownerId", "o1").append("name", "Ada"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.persistent(file, port).start();
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            Document found = client.getDatabase("persona").getCollection("personas")
                    .find(Filters.and(Filters.eq("_id", "p1"), Filters.eq("ownerId", "o1"))).first();
            assertEquals("Ada", found.getString("name"));
        }
    }
}
