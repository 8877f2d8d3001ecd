package dev.persona.ingest.admin;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One operator replay, in MongoDB so that any ingest instance answers its progress and the progress consumer (one
 * group for all instances) can record what it sees. Its re-emitted events are {@link ReplayItem}s.
 */
@MongoEntity(collection = "replays")
public class Replay extends ReactivePanacheMongoEntityBase {
    public static final String PLANNING = "planning";
    public static final String SENDING = "sending";
    /** Every event sent (or, for offsets, the group reset); waiting for the stages to finish. */
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String TIMED_OUT = "timed-out";
    public static final String FAILED = "failed";
    public static final List<String> ACTIVE = List.of(PLANNING, SENDING, RUNNING);

    @BsonId
    public String id;
    public ReplayStage stage;
    public ReplayMethod method;
    /** Null for every persona. */
    public String personaId;
    /** The {@code sub} of the admin token that asked. */
    public String requestedBy;
    public String status;
    /** Events re-emitted (reemit) or re-delivered from the topic (offsets). */
    public long events;
    /** Personas with at least one event (reemit). */
    public long personas;
    /** Sources left out while planning, by reason (e.g. {@code withoutTranscript}). */
    public Map<String, Long> skipped;
    public ChunkTally chunksBefore;
    public ChunkTally chunksAfter;
    /** Offsets method: the consumer group moved, and per partition where it was moved to and the end to reach. */
    public String group;
    public Map<String, Long> startOffsets;
    public Map<String, Long> endOffsets;
    public String error;
    public Instant createdAt;
    public Instant finishedAt;
}
