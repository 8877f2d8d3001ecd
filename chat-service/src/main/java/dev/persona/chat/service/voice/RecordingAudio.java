package dev.persona.chat.service.voice;

import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.gridfs.GridFSBucket;
import com.mongodb.reactivestreams.client.gridfs.GridFSBuckets;
import dev.persona.chat.config.ChatConfig;
import dev.persona.common.audio.PcmAudio;
import dev.persona.common.media.MediaRefs;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import org.bson.BsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A recording's normalised 16 kHz wav, read from the GridFS bucket ingest-service writes it to (as transcribe-service
 * reads it), filtered by owner and persona. Only the prefix up to the last second needed is read: the download stops
 * there, and never passes {@code persona.chat.voice.max-recording-bytes}.
 */
@ApplicationScoped
public class RecordingAudio {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Room for the header chunks in front of the samples (ingest writes 44 bytes). */
    private static final int HEADER_ROOM = 4096;

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    ChatConfig config;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private GridFSBucket bucket;

    @PostConstruct
    void init() {
        bucket = GridFSBuckets.create(mongo.getDatabase(database).unwrap(), MediaRefs.BUCKET);
    }

    /** The recording's samples from its start to {@code endSec} (or as far as the bound allows), or null if absent. */
    public PcmAudio upTo(String ownerId, String personaId, String recordingId, double endSec) {
        GridFSFile file = Uni.createFrom().publisher(AdaptersToFlow.publisher(bucket.find(Filters.and(
                Filters.eq("_id", new BsonString(MediaRefs.normalisedRecording(recordingId))),
                Filters.eq("metadata.ownerId", ownerId), Filters.eq("metadata.personaId", personaId))).first()))
                .await().atMost(READ_TIMEOUT);
        if (file == null) {
            return null;
        }
        long wanted = HEADER_ROOM + (long) Math.ceil(Math.max(0, endSec) * PcmAudio.EXPECTED_RATE) * 2;
        long limit = Math.min(file.getLength(), Math.min(wanted, config.voice().maxRecordingBytes()));
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) limit);
        Multi.createFrom().publisher(AdaptersToFlow.publisher(bucket.downloadToPublisher(file.getId())))
                .onItem().invoke(buffer -> append(out, buffer, limit))
                .select().first(buffer -> out.size() < limit)
                .collect().last().await().atMost(READ_TIMEOUT);
        return WavCodec.read(out.toByteArray());
    }

    private static void append(ByteArrayOutputStream out, ByteBuffer buffer, long limit) {
        int n = (int) Math.min(buffer.remaining(), limit - out.size());
        byte[] bytes = new byte[n];
        buffer.get(bytes);
        out.write(bytes, 0, n);
    }
}
