package dev.persona.transcribe.service;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import dev.persona.common.concurrent.Offload;
import dev.persona.transcribe.config.TranscribeConfig;
import dev.persona.transcribe.domain.PermanentFailure;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.temporal.ChronoUnit;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Reads the normalised wav files ingest-service keeps in the GridFS bucket {@code media}. Files carry their owner and
 * persona in {@code metadata}; lookups filter on both, so an event can only reach its own persona's media.
 */
@ApplicationScoped
public class MediaStore {

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    TranscribeConfig config;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private GridFSBucket bucket;

    @PostConstruct
    void init() {
        bucket = GridFSBuckets.create(mongo.getDatabase(database).unwrap(), config.mediaBucket());
    }

    /**
     * The whole file; it is refused when larger than {@code maxBytes} (checked from the file's metadata before any
     * chunk is read).
     */
    @Timeout(value = 2, unit = ChronoUnit.MINUTES)
    @Retry(maxRetries = 2, delay = 500, abortOn = PermanentFailure.class)
    public Uni<byte[]> load(String ownerId, String personaId, String mediaRef, long maxBytes) {
        if (mediaRef == null || mediaRef.isBlank()) {
            return Uni.createFrom().failure(new PermanentFailure("the event names no audio (mediaRef is empty)"));
        }
        BsonValue id = ObjectId.isValid(mediaRef) ? new BsonObjectId(new ObjectId(mediaRef)) : new BsonString(mediaRef);
        // ingest-service names its files with string ids; an ObjectId-shaped reference is tried both ways.
        return find(ownerId, personaId, id).onItem().ifNull().switchTo(() -> id.isObjectId()
                ? find(ownerId, personaId, new BsonString(mediaRef))
                : Uni.createFrom().nullItem())
                .onItem().ifNull().failWith(() -> new PermanentFailure(
                        "the recording's audio (media id " + mediaRef + ") is not in the media store"))
                .flatMap(file -> {
                    if (file.getLength() > maxBytes) {
                        return Uni.createFrom().failure(new PermanentFailure("the recording's audio is "
                                + file.getLength() / 1_000_000 + " MB, more than the " + maxBytes / 1_000_000
                                + " MB this service accepts (persona.transcribe.max-duration)"));
                    }
                    return download(file);
                });
    }

    private Uni<GridFSFile> find(String ownerId, String personaId, BsonValue id) {
        return Offload.onCallersContext(Uni.createFrom().publisher(AdaptersToFlow.publisher(bucket.find(
                Filters.and(Filters.eq("_id", id), Filters.eq("metadata.ownerId", ownerId),
                        Filters.eq("metadata.personaId", personaId))).first())));
    }

    private Uni<byte[]> download(GridFSFile file) {
        return Offload.onCallersContext(Multi.createFrom().publisher(AdaptersToFlow.publisher(
                        bucket.downloadToPublisher(file.getId()))))
                .collect().in(() -> new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, file.getLength())),
                        MediaStore::append)
                .map(ByteArrayOutputStream::toByteArray)
                .onFailure(MongoGridFSException.class).transform(e -> new PermanentFailure(
                        "the recording's audio in the media store is incomplete: " + e.getMessage(), e));
    }

    private static void append(ByteArrayOutputStream out, ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.write(bytes, 0, bytes.length);
    }
}
