package dev.persona.ingest.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
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
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/** Personas and the erasure of everything a persona owns. */
@ApplicationScoped
public class PersonaService {
    private static final Logger LOG = Logger.getLogger(PersonaService.class);
    private static final int MAX_LIST = 500;

    @Inject
    PersonaOwnershipGuard guard;

    @Inject
    MediaStore media;

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    public Uni<Persona> create(String ownerId, String name, String description, String language) {
        Persona persona = new Persona();
        persona.id = UUID.randomUUID().toString();
        persona.ownerId = ownerId;
        persona.name = name.strip();
        persona.description = description == null ? null : description.strip();
        persona.language = language == null ? "en" : language;
        persona.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        persona.updatedAt = persona.createdAt;
        return persona.persist();
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, abortOn = ApiException.class)
    public Uni<List<Persona>> list(String ownerId) {
        return Persona.<Persona>mongoCollection().find(Filters.eq("ownerId", ownerId),
                new io.quarkus.mongodb.FindOptions().sort(Sorts.ascending("createdAt")).limit(MAX_LIST))
                .collect().asList();
    }

    /** The persona if {@code ownerId} owns it, else 404 persona-not-found (also for ids that do not exist). */
    public Uni<Persona> get(String ownerId, String personaId) {
        return guard.requireOwned(ownerId, personaId).flatMap(ignored -> Persona.<Persona>mongoCollection()
                .find(owned(ownerId, personaId)).collect().first())
                .onItem().ifNull().failWith(PersonaService::notFound);
    }

    public Uni<Persona> update(String ownerId, String personaId, String name, String description, String language) {
        return get(ownerId, personaId).flatMap(persona -> {
            if (name != null) {
                persona.name = name.strip();
            }
            if (description != null) {
                persona.description = description.strip();
            }
            if (language != null) {
                persona.language = language;
            }
            persona.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            return persona.<Persona>update();
        });
    }

    /**
     * Removes the persona first, so uploads and pipeline consumers that re-check it stop writing, then everything it
     * owns, each deletion filtered by owner and persona. Returns what was removed, per kind.
     */
    public Uni<Map<String, Long>> delete(String ownerId, String personaId) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        Bson filter = owned(ownerId, personaId);
        Bson data = Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId));
        return guard.requireOwned(ownerId, personaId)
                .flatMap(ignored -> Persona.mongoCollection().deleteOne(filter))
                .invoke(r -> deleted.put("personas", r.getDeletedCount()))
                .flatMap(ignored -> Recording.mongoCollection().deleteMany(data))
                .invoke(r -> deleted.put("recordings", r.getDeletedCount()))
                .flatMap(ignored -> DocumentRecord.mongoCollection().deleteMany(data))
                .invoke(r -> deleted.put("documents", r.getDeletedCount()))
                .flatMap(ignored -> media.deleteAll(ownerId, personaId))
                .invoke(n -> deleted.put("media", n))
                .flatMap(ignored -> Job.mongoCollection().deleteMany(data))
                .invoke(r -> deleted.put("jobs", r.getDeletedCount()))
                .flatMap(ignored -> collection(MemoryCollections.TRANSCRIPTS).deleteMany(data))
                .invoke(r -> deleted.put("transcripts", r.getDeletedCount()))
                .flatMap(ignored -> collection(MemoryCollections.CHUNKS).deleteMany(data))
                .invoke(r -> deleted.put("chunks", r.getDeletedCount()))
                .flatMap(ignored -> collection(Collections.CHAT_SESSIONS).deleteMany(data))
                .invoke(r -> deleted.put("chatSessions", r.getDeletedCount()))
                .flatMap(ignored -> collection(Collections.CHAT_MESSAGES).deleteMany(data))
                .invoke(r -> deleted.put("chatMessages", r.getDeletedCount()))
                .invoke(() -> LOG.infof("Erased persona %s of owner %s: %s", personaId, ownerId, deleted))
                .replaceWith(deleted);
    }

    /** Pipeline consumers re-check this before writing, so late work for a deleted persona leaves nothing behind. */
    public Uni<Boolean> exists(String ownerId, String personaId) {
        if (ownerId == null || personaId == null) {
            return Uni.createFrom().item(false);
        }
        return Persona.mongoCollection().countDocuments(owned(ownerId, personaId)).map(n -> n > 0);
    }

    private ReactiveMongoCollection<Document> collection(String name) {
        return mongo.getDatabase(database).getCollection(name);
    }

    private static Bson owned(String ownerId, String personaId) {
        return Filters.and(Filters.eq("_id", personaId), Filters.eq("ownerId", ownerId));
    }

    private static ApiException notFound() {
        return ApiException.notFound(ErrorCodes.PERSONA_NOT_FOUND, "No such persona.");
    }
}
