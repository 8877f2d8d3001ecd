package dev.persona.chat.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.persona.common.security.CurrentOwner;
import dev.persona.common.security.PersonaOwnershipGuard;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/models}, OpenAI-compatible: the caller's personas, each usable as a {@code model}. */
@Path("/v1/models")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "openai-compatible")
public class ModelsResource {

    @Inject
    CurrentOwner owner;

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy, String name) {
    }

    public record ModelList(String object, List<Model> data) {
    }

    @GET
    @Operation(summary = "The caller's personas as OpenAI models")
    public Uni<ModelList> models() {
        String ownerId = owner.id();
        return mongo.getDatabase(database).getCollection(PersonaOwnershipGuard.PERSONAS)
                .find(Filters.eq("ownerId", ownerId), new FindOptions().sort(Sorts.ascending("createdAt")).limit(1000))
                .map(ModelsResource::toModel).collect().asList().map(list -> new ModelList("list", list));
    }

    private static Model toModel(Document d) {
        Object created = d.get("createdAt");
        long epoch = created instanceof Date date ? date.getTime() / 1000 : 0;
        return new Model(String.valueOf(d.get("_id")), "model", epoch, "persona", d.getString("name"));
    }
}
