package dev.persona.ingest.domain;

import dev.persona.common.events.JobStage;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** An uploaded document (txt, md, eml, msg, pdf, docx); its cleaned text is in {@code transcripts} under the same id. */
@MongoEntity(collection = "documents")
public class DocumentRecord extends ReactivePanacheMongoEntityBase {
    @BsonId
    public String id;
    public String ownerId;
    public String personaId;
    public String jobId;
    public String fileName;
    public String format;
    public String contentType;
    public long sizeBytes;
    public Integer pages;
    public int characters;
    public String originalRef;
    public JobStage status;
    public String error;
    public Instant createdAt;
    public Instant updatedAt;
}
