package dev.persona.ingest.admin;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/** Indexes for sending a replay in order, matching progress events to its items, and finding running replays. */
@ApplicationScoped
public class ReplayIndexes {

    void onStart(@Observes StartupEvent event) {
        ReplayItem.mongoCollection().createIndex(Indexes.ascending("replayId", "seq"), new IndexOptions().name("replay_seq"))
                .chain(() -> ReplayItem.mongoCollection().createIndex(Indexes.ascending("jobId", "status"),
                        new IndexOptions().name("job_status")))
                .chain(() -> Replay.mongoCollection().createIndex(Indexes.ascending("stage", "status"),
                        new IndexOptions().name("stage_status")))
                .await().atMost(Duration.ofSeconds(30));
    }
}
