package dev.persona.ingest.domain;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** A persona owned by one user. Every other collection refers to it by {@code personaId} plus {@code ownerId}. */
@MongoEntity(collection = "personas")
public class Persona extends ReactivePanacheMongoEntityBase {
    @BsonId
    public String id;
    public String ownerId;
    public String name;
    public String description;
    public String language;
    public Instant createdAt;
    public Instant updatedAt;
}
