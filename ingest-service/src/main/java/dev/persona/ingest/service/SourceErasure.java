package dev.persona.ingest.service;

import com.mongodb.client.model.Filters;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.SourceKind;
import dev.persona.common.messaging.KeyedSender;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.ingest.domain.Job;
import dev.persona.ingest.media.MediaStore;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Deletes one recording or document: its media first, then its transcript, chunks and job, the record last, so a
 * deletion that fails half-way leaves the record to be deleted again. The record's share of the quota is given back
 * when the record goes, and chat-service is told to drop the source from its index.
 */
@ApplicationScoped
public class SourceErasure {
    private static final Logger LOG = Logger.getLogger(SourceErasure.class);

    @Inject
    MediaStore media;

    @Inject
    RawCollections raw;

    @Inject
    Quotas quotas;

    @Inject
    KeyedSender<ChunksEmbedded> chunksEmbedded;

    /** One source and what it counts against the quota. */
    public record Source(String ownerId, String personaId, String id, SourceKind kind, String jobId,
            List<String> mediaRefs, ReactiveMongoCollection<?> records, long storedBytes, long recordedMs) {
    }

    public Uni<Map<String, Long>> erase(Source source) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        Bson owned = Filters.and(Filters.eq("ownerId", source.ownerId()), Filters.eq("personaId", source.personaId()));
        return requireSettled(source, owned)
                .chain(() -> deleteMedia(source, deleted))
                .chain(() -> raw.get(MemoryCollections.TRANSCRIPTS).deleteMany(Filters.and(owned,
                        Filters.eq("_id", source.id()))))
                .invoke(r -> deleted.put("transcripts", r.getDeletedCount()))
                .chain(() -> raw.get(MemoryCollections.CHUNKS).deleteMany(Filters.and(owned,
                        Filters.eq("sourceId", source.id()))))
                .invoke(r -> deleted.put("chunks", r.getDeletedCount()))
                .chain(() -> Job.mongoCollection().deleteMany(Filters.and(owned, Filters.eq("sourceId", source.id()))))
                .invoke(r -> deleted.put("jobs", r.getDeletedCount()))
                .chain(() -> source.records().deleteOne(Filters.and(owned, Filters.eq("_id", source.id()))))
                .invoke(r -> deleted.put(source.kind() == SourceKind.recording ? "recordings" : "documents",
                        r.getDeletedCount()))
                // Only the call that removed the record gives its share back, so a repeated DELETE gives back once.
                .chain(r -> r.getDeletedCount() == 0 ? Uni.createFrom().voidItem()
                        : quotas.releaseSource(source.ownerId(), source.personaId(), source.storedBytes(),
                                source.recordedMs()))
                // Told to chat-service the way it learns of changed sources: chunks-embedded with no chunk ids
                // (and no job or model id), on which it re-reads the source's chunks, finds none and drops it.
                .chain(() -> chunksEmbedded.send(ChunksEmbedded.of(source.ownerId(), source.personaId(), null,
                        source.id(), List.of(), null))
                        // The source is gone either way; a chat index holding it is rebuilt on its next eviction.
                        .onFailure().invoke(e -> LOG.warnf(e, "Could not announce the removal of source %s",
                                source.id()))
                        .onFailure().recoverWithNull())
                .invoke(() -> LOG.infof("Deleted %s %s of persona %s: %s", source.kind(), source.id(),
                        source.personaId(), deleted))
                .replaceWith(deleted)
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> {
                    LOG.errorf(e, "Deletion of %s %s stopped after %s", source.kind(), source.id(), deleted);
                    return new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                            "The " + source.kind() + " could not be deleted completely right now; DELETE it again.",
                            Map.of("Retry-After", "5"));
                });
    }

    /**
     * A source whose job still runs would get its transcript and chunks written again by the pipeline after they
     * were deleted: refused with 409 until the job is ready or failed.
     */
    private static Uni<Void> requireSettled(Source source, Bson owned) {
        if (source.jobId() == null) {
            return Uni.createFrom().voidItem();
        }
        return Job.<Job>mongoCollection().find(Filters.and(owned, Filters.eq("_id", source.jobId()))).collect().first()
                .invoke(job -> {
                    if (job != null && !JobService.isTerminal(job.stage)) {
                        throw ApiException.conflict(ErrorCodes.CONFLICT, "The " + source.kind() + " is still being "
                                + "processed (job " + job.id + " is " + job.stage + "); delete it once the job is "
                                + "ready or failed.");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> deleteMedia(Source source, Map<String, Long> deleted) {
        deleted.put("media", 0L);
        deleted.put("mediaBytes", 0L);
        return Multi.createFrom().iterable(source.mediaRefs().stream().filter(Objects::nonNull).toList())
                .onItem().transformToUniAndConcatenate(ref -> media.find(source.ownerId(), source.personaId(), ref)
                        .chain(found -> found == null ? Uni.createFrom().voidItem() : media.delete(ref).invoke(() -> {
                            deleted.merge("media", 1L, Long::sum);
                            deleted.merge("mediaBytes", found.length(), Long::sum);
                        })))
                .collect().last()
                .replaceWithVoid();
    }
}
