package dev.persona.ingest.domain;

import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/** Every query filters by owner and persona first, so that pair leads each index. */
@ApplicationScoped
public class MongoIndexes {

    void onStart(@Observes StartupEvent event) {
        Duration wait = Duration.ofSeconds(30);
        Persona.mongoCollection().createIndex(Indexes.ascending("ownerId", "createdAt")).await().atMost(wait);
        Recording.mongoCollection().createIndex(Indexes.ascending("ownerId", "personaId", "createdAt"))
                .await().atMost(wait);
        DocumentRecord.mongoCollection().createIndex(Indexes.ascending("ownerId", "personaId", "createdAt"))
                .await().atMost(wait);
        Job.mongoCollection().createIndex(Indexes.ascending("ownerId", "personaId")).await().atMost(wait);
    }
}
