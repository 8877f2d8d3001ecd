package dev.persona.ingest.rest;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.CurrentOwner;
import dev.persona.ingest.domain.Job;
import dev.persona.ingest.rest.Views.JobView;
import dev.persona.ingest.service.JobService;
import dev.persona.ingest.service.PersonaService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.time.Duration;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/personas/{id}/jobs")
@Authenticated
@Tag(name = "jobs")
public class JobResource {

    @Inject
    JobService jobs;

    @Inject
    PersonaService personas;

    @Inject
    CurrentOwner owner;

    @GET
    @Path("/{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A job's stage and progress")
    public Uni<JobView> get(@RestPath String id, @RestPath String jobId) {
        return find(owner.id(), id, jobId).map(JobView::of);
    }

    @GET
    @Path("/{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: the current state, then each change; ends at ready or failed")
    @Blocking
    public Multi<JobView> events(@RestPath String id, @RestPath String jobId) {
        String ownerId = owner.id();
        // Checked before the stream starts: once SSE headers are sent, a 404 problem could no longer be returned.
        find(ownerId, id, jobId).await().atMost(Duration.ofSeconds(10));
        return jobs.follow(ownerId, id, jobId).map(JobView::of);
    }

    private Uni<Job> find(String ownerId, String personaId, String jobId) {
        return personas.requireActive(ownerId, personaId)
                .flatMap(p -> jobs.find(ownerId, personaId, jobId))
                .onItem().ifNull().failWith(() -> ApiException.notFound(ErrorCodes.NOT_FOUND, "No such job."));
    }
}
