package dev.persona.ingest.rest;

import dev.persona.common.security.CurrentOwner;
import dev.persona.ingest.rest.Views.DocumentAccepted;
import dev.persona.ingest.rest.Views.DocumentView;
import dev.persona.ingest.service.DocumentService;
import dev.persona.ingest.service.TranscriptStore;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/personas/{id}/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "documents")
public class DocumentResource {

    @Inject
    DocumentService documents;

    @Inject
    TranscriptStore transcripts;

    @Inject
    CurrentOwner owner;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a document (txt, md, eml, msg, pdf, docx) in the multipart field 'file'")
    public Uni<Response> upload(@RestPath String id, @RestForm("file") FileUpload file) {
        return documents.upload(owner.id(), id, Uploads.of(file)).map(accepted -> Response.accepted(
                new DocumentAccepted(accepted.document().id, accepted.job().id, accepted.job().stage.name(),
                        accepted.document().format, accepted.document().pages, accepted.document().characters))
                .location(URI.create("/personas/" + id + "/jobs/" + accepted.job().id))
                .type(MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Operation(summary = "The persona's documents with their status")
    public Uni<List<DocumentView>> list(@RestPath String id) {
        return documents.list(owner.id(), id).map(list -> list.stream().map(DocumentView::of).toList());
    }

    @GET
    @Path("/{did}")
    @Operation(summary = "One document")
    public Uni<DocumentView> get(@RestPath String id, @RestPath String did) {
        return documents.get(owner.id(), id, did).map(DocumentView::of);
    }

    @DELETE
    @Path("/{did}")
    @Operation(summary = "Delete a document with its original, text and chunks; its quota is given back. 409 while "
            + "its job is still running")
    public Uni<Map<String, Object>> delete(@RestPath String id, @RestPath String did) {
        return documents.delete(owner.id(), id, did).map(counts -> Map.of("documentId", did, "deleted", counts));
    }

    @GET
    @Path("/{did}/transcript")
    @Operation(summary = "The cleaned text as segments, with page numbers for PDFs")
    public Uni<TranscriptView> transcript(@RestPath String id, @RestPath String did) {
        String ownerId = owner.id();
        return documents.get(ownerId, id, did)
                .flatMap(d -> transcripts.find(ownerId, id, did))
                .map(t -> TranscriptView.ofDocument(did, t));
    }
}
