package dev.persona.ingest.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.PersonaOwnershipGuard;
import dev.persona.ingest.domain.Persona;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Personas. A persona being deleted ({@code deletingAt} set, see {@link PersonaErasure}) is hidden from the listing
 * and answers 409 persona-deleting to everything but another DELETE, which finishes its erasure.
 */
@ApplicationScoped
public class PersonaService {
    private static final int MAX_LIST = 500;

    @Inject
    PersonaOwnershipGuard guard;

    @Inject
    Quotas quotas;

    /** Takes one persona of the owner's quota first (429 quota-exceeded without room), gives it back on failure. */
    public Uni<Persona> create(String ownerId, String name, String description, String language) {
        Persona persona = new Persona();
        persona.id = UUID.randomUUID().toString();
        persona.ownerId = ownerId;
        persona.name = name.strip();
        persona.description = description == null ? null : description.strip();
        persona.language = language == null ? "en" : language;
        persona.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        persona.updatedAt = persona.createdAt;
        return quotas.reservePersona(ownerId)
                .chain(() -> persona.<Persona>persist()
                        .onFailure().call(e -> quotas.release(ownerId, 1, 0, 0).onFailure().recoverWithNull()));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, abortOn = ApiException.class)
    public Uni<List<Persona>> list(String ownerId) {
        return Persona.<Persona>mongoCollection().find(
                Filters.and(Filters.eq("ownerId", ownerId), Filters.exists(Persona.DELETING_AT, false)),
                new io.quarkus.mongodb.FindOptions().sort(Sorts.ascending("createdAt")).limit(MAX_LIST))
                .collect().asList();
    }

    /** The persona if {@code ownerId} owns it (else 404 persona-not-found) and it is not being deleted (else 409). */
    public Uni<Persona> get(String ownerId, String personaId) {
        return requireActive(ownerId, personaId).flatMap(ignored -> Persona.<Persona>mongoCollection()
                .find(Quotas.ownedPersona(ownerId, personaId)).collect().first())
                .onItem().ifNull().failWith(PersonaService::notFound);
    }

    /** Sets only the given fields: the whole entity is never written back, its usage counters move concurrently. */
    public Uni<Persona> update(String ownerId, String personaId, String name, String description, String language) {
        List<Bson> changes = new ArrayList<>();
        if (name != null) {
            changes.add(Updates.set("name", name.strip()));
        }
        if (description != null) {
            changes.add(Updates.set("description", description.strip()));
        }
        if (language != null) {
            changes.add(Updates.set("language", language));
        }
        changes.add(Updates.set("updatedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        return requireActive(ownerId, personaId)
                .chain(ignored -> Persona.<Persona>mongoCollection().findOneAndUpdate(
                        Quotas.activePersona(ownerId, personaId), Updates.combine(changes),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                // Marked for deletion (or deleted) between the check and the change.
                .onItem().ifNull().switchTo(() -> Quotas.whyInactive(ownerId, personaId)
                        .flatMap(e -> Uni.createFrom().<Persona>failure(e)));
    }

    /**
     * The persona's document when {@code ownerId} owns it and it takes writes: 404 persona-not-found for another
     * owner's or a missing persona, 409 persona-deleting while its erasure runs.
     */
    public Uni<Document> requireActive(String ownerId, String personaId) {
        return guard.requireActive(ownerId, personaId);
    }

    /** Whether work for this persona may still be written: it exists for this owner and is not being deleted. */
    public Uni<Boolean> isActive(String ownerId, String personaId) {
        return guard.isActive(ownerId, personaId);
    }

    static ApiException notFound() {
        return ApiException.notFound(ErrorCodes.PERSONA_NOT_FOUND, "No such persona.");
    }

    static ApiException deleting() {
        return PersonaOwnershipGuard.deleting();
    }
}
