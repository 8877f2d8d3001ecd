package dev.persona.ingest.domain;

import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * The progress of one source through the pipeline. Only ingest-service writes it, folding in the JobProgress events
 * of the other stages; the record in Mongo is the truth every ingest instance serves SSE from.
 */
@MongoEntity(collection = "jobs")
public class Job extends ReactivePanacheMongoEntityBase {
    @BsonId
    public String id;
    public String ownerId;
    public String personaId;
    public String sourceId;
    public SourceKind sourceKind;
    public JobStage stage;
    public double progress;
    public String error;
    public Instant createdAt;
    public Instant updatedAt;
}
