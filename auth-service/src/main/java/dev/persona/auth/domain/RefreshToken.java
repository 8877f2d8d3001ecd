package dev.persona.auth.domain;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * An issued refresh token, stored by the SHA-256 of its value. Each use rotates it: the old one is marked used
 * atomically, so a stolen token can be redeemed at most once.
 */
@MongoEntity(collection = "refresh_tokens")
public class RefreshToken extends ReactivePanacheMongoEntityBase {
    @BsonId
    public String id;
    public String userId;
    public Instant expiresAt;
    public Instant usedAt;
}
