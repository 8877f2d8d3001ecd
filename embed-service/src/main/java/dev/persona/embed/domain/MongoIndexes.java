package dev.persona.embed.domain;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;

/** Indexes for chat-service's reads (persona + model) and for the stale-chunk clean-up (source + model + index). */
@ApplicationScoped
public class MongoIndexes {

    @Inject
    ChunkRepository chunks;

    void onStart(@Observes StartupEvent event) {
        chunks.collection()
                .createIndex(Indexes.ascending("ownerId", "personaId", "embeddingModelId"),
                        new IndexOptions().name("persona_model"))
                .await().atMost(Duration.ofSeconds(30));
        chunks.collection()
                .createIndex(Indexes.ascending("ownerId", "personaId", "sourceId", "embeddingModelId", "index"),
                        new IndexOptions().name("source_model_index"))
                .await().atMost(Duration.ofSeconds(30));
    }
}
