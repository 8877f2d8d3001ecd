package dev.persona.ingest.domain;

import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * What one owner uses of the quotas, one document per owner (id = owner id). Uploads and new personas reserve their
 * share with one conditional {@code $inc} (it only matches while the result stays within the limit), so concurrent
 * requests cannot together overshoot; failures and deletions give it back with a negative {@code $inc}. It equals the
 * sum of the owner's personas' {@code storedBytes}/{@code recordedMs} plus the reservations of uploads in flight.
 */
@MongoEntity(collection = "owner_usage")
public class OwnerUsage extends ReactivePanacheMongoEntityBase {
    @BsonId
    public String id;
    public long personas;
    public long storedBytes;
    public long recordedMs;

    public static final String PERSONAS = "personas";
    public static final String STORED_BYTES = "storedBytes";
    public static final String RECORDED_MS = "recordedMs";
}
