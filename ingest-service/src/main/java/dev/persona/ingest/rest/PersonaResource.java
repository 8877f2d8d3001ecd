package dev.persona.ingest.rest;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.CurrentOwner;
import dev.persona.ingest.rest.Views.PersonaView;
import dev.persona.ingest.config.IngestConfig;
import dev.persona.ingest.rest.Views.UsageView;
import dev.persona.ingest.service.PersonaErasure;
import dev.persona.ingest.service.PersonaService;
import dev.persona.ingest.service.Quotas;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/personas")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "personas")
public class PersonaResource {

    @Inject
    PersonaService personas;

    @Inject
    PersonaErasure erasure;

    @Inject
    Quotas quotas;

    @Inject
    IngestConfig config;

    @Inject
    CurrentOwner owner;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a persona")
    public Uni<Response> create(@Valid PersonaRequest body) {
        require(body).requireKnownFieldsOnly();
        return personas.create(owner.id(), body.name, body.description, body.language)
                .map(p -> Response.created(URI.create("/personas/" + p.id)).entity(PersonaView.of(p)).build());
    }

    @GET
    @Operation(summary = "The caller's personas")
    public Uni<List<PersonaView>> list() {
        return personas.list(owner.id()).map(list -> list.stream().map(PersonaView::of).toList());
    }

    @GET
    @Path("/usage")
    @Operation(summary = "What the caller uses of the quotas (personas, stored bytes, recorded seconds) and the limits")
    public Uni<UsageView> usage() {
        return quotas.usage(owner.id()).map(usage -> UsageView.of(usage, config.quotas()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One persona")
    public Uni<PersonaView> get(@RestPath String id) {
        return personas.get(owner.id(), id).map(PersonaView::of);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change name, description or language; fields left out stay")
    public Uni<PersonaView> update(@RestPath String id, @Valid PersonaPatch body) {
        require(body).requireKnownFieldsOnly();
        return personas.update(owner.id(), id, body.name, body.description, body.language).map(PersonaView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a persona and everything it owns; answers what was removed. Repeating it after a "
            + "failure finishes the erasure; once it is finished the persona answers 404.")
    public Uni<Map<String, Object>> delete(@RestPath String id) {
        return erasure.delete(owner.id(), id).map(counts -> Map.of("personaId", id, "deleted", counts));
    }

    private static <T> T require(T body) {
        if (body == null) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "A JSON body is required.");
        }
        return body;
    }
}
