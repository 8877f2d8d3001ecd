package dev.persona.ingest.rest;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.CurrentOwner;
import dev.persona.ingest.rest.Views.RecordingAccepted;
import dev.persona.ingest.rest.Views.RecordingView;
import dev.persona.ingest.service.RecordingService;
import dev.persona.ingest.service.RecordingService.AudioStream;
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
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/personas/{id}/recordings")
@Authenticated
@Tag(name = "recordings")
public class RecordingResource {
    /** Plain decimal seconds ("12", "12.5", ".5", "1e2"); no hex, no "Infinity", no type suffix like "1f". */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    @Inject
    RecordingService recordings;

    @Inject
    TranscriptStore transcripts;

    @Inject
    CurrentOwner owner;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a recording (wav, mp3, ogg/opus, webm, m4a/aac, flac) in the multipart field 'file'")
    public Uni<Response> upload(@RestPath String id, @RestForm("file") FileUpload file) {
        String ownerId = owner.id();
        return recordings.upload(ownerId, id, Uploads.of(file)).map(accepted -> Response.accepted(
                new RecordingAccepted(accepted.recording().id, accepted.job().id, accepted.job().stage.name(),
                        accepted.recording().format, accepted.recording().durationSec))
                .location(URI.create("/personas/" + id + "/jobs/" + accepted.job().id))
                .type(MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The persona's recordings with their status")
    public Uni<List<RecordingView>> list(@RestPath String id) {
        return recordings.list(owner.id(), id).map(list -> list.stream().map(RecordingView::of).toList());
    }

    @GET
    @Path("/{rid}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One recording")
    public Uni<RecordingView> get(@RestPath String id, @RestPath String rid) {
        return recordings.get(owner.id(), id, rid).map(RecordingView::of);
    }

    @DELETE
    @Path("/{rid}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete a recording with its audio, transcript and chunks; its quota is given back. 409 while "
            + "its job is still running")
    public Uni<Map<String, Object>> delete(@RestPath String id, @RestPath String rid) {
        return recordings.delete(owner.id(), id, rid).map(counts -> Map.of("recordingId", rid, "deleted", counts));
    }

    @GET
    @Path("/{rid}/transcript")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The transcript as timed utterances with their words; 404 until transcribed")
    public Uni<TranscriptView> transcript(@RestPath String id, @RestPath String rid) {
        String ownerId = owner.id();
        return recordings.get(ownerId, id, rid)
                .flatMap(r -> transcripts.find(ownerId, id, rid).map(t -> TranscriptView.ofRecording(r, t)));
    }

    @GET
    @Path("/{rid}/audio")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "The original upload, or with start/end (seconds) a wav clip of the normalised 16 kHz audio; "
            + "an end past the recording is clipped to it")
    public RestMulti<byte[]> audio(@RestPath String id, @RestPath String rid, @RestQuery String start,
            @RestQuery String end) {
        String ownerId = owner.id();
        Uni<AudioStream> stream;
        if (start == null && end == null) {
            stream = recordings.original(ownerId, id, rid);
        } else {
            Double from = seconds(start, "start");
            Double to = seconds(end, "end");
            stream = recordings.clip(ownerId, id, rid, from, to);
        }
        return RestMulti.fromUniResponse(stream, AudioStream::data, s -> Map.of(
                "Content-Type", List.of(s.contentType()),
                "Content-Length", List.of(Long.toString(s.length())),
                "Content-Disposition", List.of("inline; filename=\"" + s.fileName().replace("\"", "") + "\"")));
    }

    /** A bound in seconds, or null when left out; 400 bad-request for anything but a finite decimal number. */
    private static Double seconds(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        double seconds = DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
        if (!Double.isFinite(seconds)) {
            throw ApiException.badRequest(ErrorCodes.BAD_REQUEST, "'" + name + "' must be a number of seconds, like 12.5.");
        }
        return seconds;
    }
}
