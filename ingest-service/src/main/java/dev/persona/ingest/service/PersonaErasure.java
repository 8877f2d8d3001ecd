package dev.persona.ingest.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.persona.common.events.PersonaDeleted;
import dev.persona.common.messaging.KeyedSender;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.PersonaOwnershipGuard;
import dev.persona.ingest.domain.Collections;
import dev.persona.ingest.domain.DocumentRecord;
import dev.persona.ingest.domain.Job;
import dev.persona.ingest.domain.Persona;
import dev.persona.ingest.domain.Recording;
import dev.persona.ingest.media.MediaStore;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Erasure of a persona and everything it owns, completable after any failure:
 * <ol>
 * <li>mark the persona {@code deletingAt}: from then on uploads and changes answer 409, listings hide it, and the
 * pipeline stages (which check the mark right before and after they write) leave nothing behind;</li>
 * <li>erase its data, kind by kind, each filtered by owner and persona;</li>
 * <li>publish {@code persona-deleted}, so chat-service erases its part;</li>
 * <li>remove the persona record and give its quota back.</li>
 * </ol>
 * A failure at any step leaves the mark: the next DELETE runs every step again (each one is idempotent) and finishes.
 */
@ApplicationScoped
public class PersonaErasure {
    private static final Logger LOG = Logger.getLogger(PersonaErasure.class);

    @Inject
    PersonaOwnershipGuard guard;

    @Inject
    MediaStore media;

    @Inject
    RawCollections raw;

    @Inject
    Quotas quotas;

    @Inject
    KeyedSender<PersonaDeleted> personaDeleted;

    /**
     * Erases the persona; 404 persona-not-found when it does not exist (also when an earlier DELETE finished).
     *
     * @return what this call removed, per kind; a resumed erasure reports only what was left
     */
    public Uni<Map<String, Long>> delete(String ownerId, String personaId) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        deleted.put("personas", 0L);
        Bson data = Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId));
        return guard.requireOwned(ownerId, personaId)
                .chain(() -> markDeleting(ownerId, personaId))
                .chain(() -> Recording.mongoCollection().deleteMany(data))
                .invoke(r -> deleted.put("recordings", r.getDeletedCount()))
                .chain(() -> DocumentRecord.mongoCollection().deleteMany(data))
                .invoke(r -> deleted.put("documents", r.getDeletedCount()))
                .chain(() -> mediaBytes(ownerId, personaId))
                .invoke(bytes -> deleted.put("mediaBytes", bytes))
                .chain(() -> media.deleteAll(ownerId, personaId))
                .invoke(n -> deleted.put("media", n))
                .chain(() -> Job.mongoCollection().deleteMany(data))
                .invoke(r -> deleted.put("jobs", r.getDeletedCount()))
                .chain(() -> raw.get(MemoryCollections.TRANSCRIPTS).deleteMany(data))
                .invoke(r -> deleted.put("transcripts", r.getDeletedCount()))
                .chain(() -> raw.get(MemoryCollections.CHUNKS).deleteMany(data))
                .invoke(r -> deleted.put("chunks", r.getDeletedCount()))
                .chain(() -> raw.get(Collections.CHAT_SESSIONS).deleteMany(data))
                .invoke(r -> deleted.put("chatSessions", r.getDeletedCount()))
                .chain(() -> raw.get(Collections.CHAT_MESSAGES).deleteMany(data))
                .invoke(r -> deleted.put("chatMessages", r.getDeletedCount()))
                // Before the record goes: if publishing fails, the mark stays and the next DELETE publishes again.
                .chain(() -> personaDeleted.send(PersonaDeleted.of(ownerId, personaId, deleted)))
                .chain(() -> removeRecord(ownerId, personaId))
                .invoke(removed -> deleted.put("personas", removed ? 1L : 0L))
                .invoke(() -> LOG.infof("Erased persona %s of owner %s: %s", personaId, ownerId, deleted))
                .replaceWith(deleted)
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> {
                    LOG.errorf(e, "Erasure of persona %s of owner %s stopped after %s; it stays marked deleting",
                            personaId, ownerId, deleted);
                    return new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                            "The persona could not be erased completely right now. It stays hidden and refuses "
                                    + "uploads; DELETE it again to finish.", Map.of("Retry-After", "5"));
                });
    }

    /** Sets the mark once; a resumed erasure keeps the time the first one began. */
    private Uni<Void> markDeleting(String ownerId, String personaId) {
        return Persona.mongoCollection().updateOne(Quotas.activePersona(ownerId, personaId),
                Updates.set(Persona.DELETING_AT, Instant.now().truncatedTo(ChronoUnit.MILLIS))).replaceWithVoid();
    }

    /**
     * The bytes the persona keeps in the media store, read from the GridFS files collection before they are removed
     * (the {@link MediaStore} seam has no such query yet; GridFS is its only implementation).
     */
    private Uni<Long> mediaBytes(String ownerId, String personaId) {
        ReactiveMongoCollection<Document> files = raw.get(Collections.MEDIA_BUCKET + ".files");
        return files.find(Filters.and(Filters.eq("metadata.ownerId", ownerId),
                Filters.eq("metadata.personaId", personaId)), new FindOptions().projection(Projections.include("length")))
                .collect().in(() -> new long[1], (sum, file) -> sum[0] += file.get("length") instanceof Number n
                        ? n.longValue() : 0)
                .map(sum -> sum[0]);
    }

    /**
     * Removes the record and gives back the quota it held. Only one caller gets the record from the atomic delete,
     * so concurrent DELETEs give the quota back once.
     */
    private Uni<Boolean> removeRecord(String ownerId, String personaId) {
        return Persona.<Persona>mongoCollection().findOneAndDelete(Quotas.ownedPersona(ownerId, personaId))
                .chain(persona -> persona == null
                        ? Uni.createFrom().item(false)
                        : quotas.release(ownerId, 1, persona.storedBytes, persona.recordedMs)
                                .onFailure().invoke(e -> LOG.errorf(e, "Persona %s is erased but its quota (%d bytes, "
                                        + "%d ms) was not given back to owner %s", personaId, persona.storedBytes,
                                        persona.recordedMs, ownerId))
                                .onFailure().recoverWithNull()
                                .replaceWith(true));
    }
}
