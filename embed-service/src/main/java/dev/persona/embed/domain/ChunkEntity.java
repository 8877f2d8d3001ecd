package dev.persona.embed.domain;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import java.util.List;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One embedded chunk in the {@code chunks} collection (owned by embed-service, read by chat-service).
 * {@code _id} = sha256(sourceId|modelId|index), see {@link ChunkIds}.
 */
@MongoEntity(collection = "chunks")
public class ChunkEntity extends ReactivePanacheMongoEntityBase {
    @BsonId
    public String id;
    public String ownerId;
    public String personaId;
    public String sourceId;
    /** {@code recording} or {@code document}. */
    public String sourceKind;
    public String sourceName;
    public String transcriptId;
    public String language;
    public int index;
    public String text;
    public int tokenCount;
    /** Recordings: seconds of the first and last segment the chunk's sentences came from. */
    public Double startSec;
    public Double endSec;
    /** Documents: first page of the chunk ({@code endPage} is the last when it runs over a page break). */
    public Integer page;
    public Integer endPage;
    /** Unit length, {@code 384} floats for all-MiniLM-L6-v2. */
    public List<Float> vector;
    public String embeddingModelId;
    public Instant updatedAt;
}
