package dev.persona.chat.service.voice;

import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Audio chat-service made (spoken answers, /speech), kept in the GridFS bucket {@code chat_audio} until
 * {@code metadata.expiresAt}, so a replayed answer is not cut and synthesised again. Every read filters by owner and
 * persona; {@link GeneratedAudioCleanupJob} removes what expired.
 */
@ApplicationScoped
public class GeneratedAudioStore {
    public static final String BUCKET = "chat_audio";
    private static final Logger LOG = Logger.getLogger(GeneratedAudioStore.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private GridFSBucket bucket;

    @PostConstruct
    void init() {
        bucket = GridFSBuckets.create(mongo.getDatabase(database).unwrap(), BUCKET);
    }

    /** The stored audio, or null when there is none (expired, another owner's, never made). */
    public byte[] find(String ownerId, String personaId, String audioId) {
        GridFSFile file = first(Filters.and(owned(ownerId, personaId), Filters.eq("_id", new BsonString(audioId)),
                Filters.gt("metadata.expiresAt", new Date())));
        if (file == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) file.getLength());
        Multi.createFrom().publisher(AdaptersToFlow.publisher(bucket.downloadToPublisher(file.getId())))
                .onItem().invoke(b -> append(out, b)).collect().last().await().atMost(TIMEOUT);
        return out.toByteArray();
    }

    /** Stores audio until {@code expiresAt}; a concurrent store of the same id wins and this one is dropped. */
    public void put(String ownerId, String personaId, String audioId, byte[] wav, Instant expiresAt) {
        Document metadata = new Document("ownerId", ownerId).append("personaId", personaId)
                .append("contentType", "audio/wav").append("expiresAt", Date.from(expiresAt));
        try {
            Uni.createFrom().publisher(AdaptersToFlow.publisher(bucket.uploadFromPublisher(new BsonString(audioId),
                    audioId, AdaptersToReactiveStreams.publisher(Multi.createFrom().item(ByteBuffer.wrap(wav))),
                    new GridFSUploadOptions().metadata(metadata)))).await().atMost(TIMEOUT);
        } catch (RuntimeException e) {
            // Same id stored meanwhile (duplicate key): the audio is there either way.
            LOG.debugf("Generated audio %s not stored: %s", audioId, e.getMessage());
        }
    }

    /** Removes audio whose expiry passed; returns how many files went. */
    public long deleteExpired(Instant now) {
        return deleteAll(Filters.lt("metadata.expiresAt", Date.from(now)));
    }

    /** Removes all audio of one persona (it was deleted). */
    public long deleteAll(String ownerId, String personaId) {
        return deleteAll(owned(ownerId, personaId));
    }

    private long deleteAll(Bson filter) {
        List<GridFSFile> files = Multi.createFrom().publisher(AdaptersToFlow.publisher(bucket.find(filter)))
                .collect().asList().await().atMost(TIMEOUT);
        for (GridFSFile f : files) {
            Uni.createFrom().publisher(AdaptersToFlow.publisher(bucket.delete(f.getId()))).await().atMost(TIMEOUT);
        }
        return files.size();
    }

    private GridFSFile first(Bson filter) {
        return Uni.createFrom().publisher(AdaptersToFlow.publisher(bucket.find(filter).first()))
                .await().atMost(TIMEOUT);
    }

    private static Bson owned(String ownerId, String personaId) {
        return Filters.and(Filters.eq("metadata.ownerId", ownerId), Filters.eq("metadata.personaId", personaId));
    }

    private static void append(ByteArrayOutputStream out, ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.write(bytes, 0, bytes.length);
    }
}
