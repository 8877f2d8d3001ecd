package dev.persona.auth.domain;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Creates the indexes the auth data relies on: unique emails, and expiry of old refresh tokens. */
@ApplicationScoped
public class MongoIndexes {

    void onStart(@Observes StartupEvent event) {
        User.mongoCollection()
                .createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"))
                .await().atMost(Duration.ofSeconds(30));
        User.mongoCollection()
                .createIndex(Indexes.ascending("verificationTokenHash"), new IndexOptions().sparse(true))
                .await().atMost(Duration.ofSeconds(30));
        RefreshToken.mongoCollection()
                .createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS))
                .await().atMost(Duration.ofSeconds(30));
    }
}
