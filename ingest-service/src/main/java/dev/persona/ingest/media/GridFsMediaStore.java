package dev.persona.ingest.media;

import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import dev.persona.common.concurrent.Offload;
import dev.persona.ingest.domain.Collections;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** MongoDB GridFS through the reactive driver; objects are keyed by string ids the services choose. */
@ApplicationScoped
public class GridFsMediaStore implements MediaStore {
    /** 1 MiB chunks: fewer documents per recording than the 255 KiB default, still far below the 16 MiB limit. */
    private static final int CHUNK_BYTES = 1024 * 1024;

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private GridFSBucket bucket;

    @PostConstruct
    void init() {
        bucket = GridFSBuckets.create(mongo.unwrap().getDatabase(database), Collections.MEDIA_BUCKET);
    }

    @Override
    public Uni<String> put(MediaObject object, Multi<ByteBuffer> content) {
        Document metadata = new Document("ownerId", object.ownerId()).append("personaId", object.personaId())
                .append("sourceId", object.sourceId()).append("contentType", object.contentType())
                .append("role", object.role());
        GridFSUploadOptions options = new GridFSUploadOptions().chunkSizeBytes(CHUNK_BYTES).metadata(metadata);
        return Offload.onCallersContext(Uni.createFrom()
                .publisher(AdaptersToFlow.publisher(bucket.uploadFromPublisher(new BsonString(object.id()), object.fileName(),
                        AdaptersToReactiveStreams.publisher(content), options))))
                .replaceWith(object.id());
    }

    @Override
    public Uni<MediaObject> find(String ownerId, String personaId, String mediaId) {
        return Offload.onCallersContext(Multi.createFrom().publisher(AdaptersToFlow.publisher(
                        bucket.find(owned(ownerId, personaId, Filters.eq("_id", mediaId))))))
                .collect().first()
                .map(file -> file == null ? null : toObject(file));
    }

    @Override
    public Multi<byte[]> stream(String ownerId, String personaId, String mediaId) {
        return find(ownerId, personaId, mediaId).onItem().transformToMulti(found -> found == null
                ? Multi.createFrom().empty()
                : Offload.onCallersContext(Multi.createFrom().publisher(AdaptersToFlow.publisher(
                        bucket.downloadToPublisher(new BsonString(mediaId)).bufferSizeBytes(CHUNK_BYTES))))
                        .map(GridFsMediaStore::copy));
    }

    @Override
    public Uni<Void> delete(String mediaId) {
        return Offload.onCallersContext(Uni.createFrom().publisher(AdaptersToFlow.publisher(
                        bucket.delete(new BsonString(mediaId)))))
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("No file found"))
                .recoverWithNull()
                .replaceWithVoid();
    }

    @Override
    public Uni<Long> deleteAll(String ownerId, String personaId) {
        return Offload.onCallersContext(Multi.createFrom().publisher(AdaptersToFlow.publisher(
                        bucket.find(owned(ownerId, personaId, Filters.empty())))))
                // Deleting yields no item; count the files instead of the (empty) results.
                .onItem().transformToUniAndConcatenate(file -> delete(file.getId().asString().getValue()).replaceWith(Boolean.TRUE))
                .collect().with(java.util.stream.Collectors.counting());
    }

    @Override
    public Uni<Long> count(String ownerId, String personaId) {
        return Offload.onCallersContext(Multi.createFrom().publisher(AdaptersToFlow.publisher(
                        bucket.find(owned(ownerId, personaId, Filters.empty())))))
                .collect().with(java.util.stream.Collectors.counting());
    }

    private static Bson owned(String ownerId, String personaId, Bson filter) {
        return Filters.and(Filters.eq("metadata.ownerId", ownerId), Filters.eq("metadata.personaId", personaId), filter);
    }

    private static MediaObject toObject(GridFSFile file) {
        Document m = file.getMetadata() == null ? new Document() : file.getMetadata();
        return new MediaObject(file.getId().asString().getValue(), m.getString("ownerId"), m.getString("personaId"),
                m.getString("sourceId"), file.getFilename(), m.getString("contentType"), m.getString("role"),
                file.getLength());
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
