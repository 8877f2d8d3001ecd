package dev.persona.ingest.admin;

import dev.persona.common.events.SourceKind;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One event a replay re-emits and what became of its job: planned, sent, then done or failed once the pipeline's
 * last stage reports the job's end on {@code job-progress}; skipped when its persona went away meanwhile, unsent when
 * the broker would not take it.
 */
@MongoEntity(collection = "replay_items")
public class ReplayItem extends ReactivePanacheMongoEntityBase {
    public static final String PLANNED = "planned";
    public static final String SENT = "sent";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    public static final String UNSENT = "unsent";
    /** Not finished yet. */
    public static final List<String> PENDING = List.of(PLANNED, SENT);

    /** {@code replayId/seq}. */
    @BsonId
    public String id;
    public String replayId;
    /** Position in the replay, 0-based: events are sent in this order (persona by persona). */
    public long seq;
    public String ownerId;
    public String personaId;
    public String sourceId;
    public SourceKind sourceKind;
    public String jobId;
    /** The event as JSON, exactly as it is sent. */
    public String payload;
    public String status;
    public Instant sentAt;
    public Instant doneAt;
    public String error;
}
