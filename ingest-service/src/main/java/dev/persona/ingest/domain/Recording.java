package dev.persona.ingest.domain;

import dev.persona.common.events.JobStage;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** An uploaded recording. Written only once its audio decoded; {@code status} mirrors its job's stage. */
@MongoEntity(collection = "recordings")
public class Recording extends ReactivePanacheMongoEntityBase {
    @BsonId
    public String id;
    public String ownerId;
    public String personaId;
    public String jobId;
    public String fileName;
    public String format;
    public String contentType;
    public long sizeBytes;
    /** What it keeps in the media store and counts against the quota: the original plus the normalised wav. */
    public long storedBytes;
    public double durationSec;
    /** Media-store id of the normalised 16 kHz mono 16-bit wav. */
    public String mediaRef;
    /** Media-store id of the bytes exactly as uploaded. */
    public String originalRef;
    public JobStage status;
    public String error;
    public Instant createdAt;
    public Instant updatedAt;
}
