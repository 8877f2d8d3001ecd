package dev.persona.ingest.admin;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Operator routes. Only tokens whose {@code groups} claim holds the configured admin group get in; an owner's
 * token answers 403 forbidden, none 401 (both problem+json).
 */
@Path("/admin")
@RolesAllowed("${persona.ingest.replay.admin-group}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class ReplayResource {
    private static final Pattern REPLAY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    @Inject
    ReplayService replays;

    @Inject
    JsonWebToken jwt;

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reprocess one persona or all from a stage (transcribe or embed) through Kafka;"
            + " 202 with the replay, or 200 with the plan for a dry run")
    public Uni<Response> replay(ReplayRequest body) {
        if (body == null) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED,
                    "A JSON body {stage, personaId?, dryRun?, method?} is required.");
        }
        ReplayRequest.Checked request = body.check();
        if (request.dryRun()) {
            return replays.dryRun(request).map(plan -> Response.ok(plan).build());
        }
        return replays.start(request, jwt.getSubject()).map(replay -> Response.accepted(replay)
                .location(URI.create("/admin/replays/" + replay.replayId())).build());
    }

    @GET
    @Path("/replays/{id}")
    @Operation(summary = "A replay's progress: events sent, jobs done, chunks before, now and after")
    public Uni<ReplayView> get(@RestPath String id) {
        if (!REPLAY_ID.matcher(id).matches()) {
            throw ApiException.notFound(ErrorCodes.NOT_FOUND, "No such replay.");
        }
        return replays.progress(id);
    }

    @GET
    @Path("/replays")
    @Operation(summary = "The latest 50 replays, newest first")
    public Uni<List<ReplayView>> list() {
        return replays.recent();
    }
}
