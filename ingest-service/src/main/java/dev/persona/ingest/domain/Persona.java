package dev.persona.ingest.domain;

import dev.persona.common.security.PersonaOwnershipGuard;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A persona owned by one user. Every other collection refers to it by {@code personaId} plus {@code ownerId}.
 * {@code storedBytes} and {@code recordedMs} are its share of the owner's quota usage ({@link OwnerUsage}), changed
 * only by atomic {@code $inc}: never write the whole entity back ({@code update()}), or a concurrent upload's count
 * is lost.
 */
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
    /**
     * Set when its erasure began: from then on it is hidden from listings, refuses uploads and changes (409
     * persona-deleting), and the pipeline writes nothing for it. Another DELETE resumes the erasure.
     */
    public Instant deletingAt;
    /** Bytes its recordings (original and normalised audio) and documents (original) keep in the media store. */
    public long storedBytes;
    /** Sum of its recordings' durations, in milliseconds. */
    public long recordedMs;

    public static final String DELETING_AT = PersonaOwnershipGuard.DELETING_AT;
    public static final String STORED_BYTES = "storedBytes";
    public static final String RECORDED_MS = "recordedMs";
}
