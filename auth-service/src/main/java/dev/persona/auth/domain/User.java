package dev.persona.auth.domain;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** An owner account. {@code email} is stored normalised (trimmed, lower case) under a unique index. */
@MongoEntity(collection = "users")
public class User extends ReactivePanacheMongoEntityBase {
    @BsonId
    public String id;
    public String email;
    public String passwordHash;
    public boolean emailVerified;
    /** SHA-256 of the emailed verification token; the token itself is never stored. */
    public String verificationTokenHash;
    public Instant verificationExpiresAt;
    public Instant createdAt;

    public static Uni<User> findByEmail(String email) {
        return find("email", email).firstResult();
    }

    public static Uni<User> findByVerificationHash(String hash) {
        return find("verificationTokenHash", hash).firstResult();
    }
}
