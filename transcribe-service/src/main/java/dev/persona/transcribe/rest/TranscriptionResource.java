package dev.persona.transcribe.rest;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.speech.Transcription;
import dev.persona.transcribe.service.QuestionTranscriber;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Speech to text on the spot, for questions asked by voice (chat-service's voice chat forwards the user's audio and
 * token here). The audio comes as one file part of a multipart form (named {@code audio} or {@code file}, or the
 * only one) or as the raw request body; any upload format is accepted, at most
 * {@code persona.transcribe.questions.max-duration} long. Nothing is stored.
 */
@Path("/transcriptions")
@Authenticated
public class TranscriptionResource {
    private static final List<String> PREFERRED_PARTS = List.of("audio", "file");

    @Inject
    QuestionTranscriber transcriber;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Transcription> fromForm(@RestForm(FileUpload.ALL) List<FileUpload> parts,
            @RestQuery String language) {
        return transcriber.transcribe(read(audioPart(parts)), language);
    }

    @POST
    @Consumes({"audio/*", MediaType.APPLICATION_OCTET_STREAM, "video/webm"})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Transcription> fromBody(byte[] body, @RestQuery String language) {
        return transcriber.transcribe(body == null ? new byte[0] : body, language);
    }

    static FileUpload audioPart(List<FileUpload> parts) {
        List<FileUpload> files = parts == null ? List.of()
                : parts.stream().filter(p -> p.fileName() != null && !p.fileName().isBlank()).toList();
        for (String name : PREFERRED_PARTS) {
            Optional<FileUpload> named = files.stream().filter(p -> name.equals(p.name())).findFirst();
            if (named.isPresent()) {
                return named.get();
            }
        }
        if (files.size() == 1) {
            return files.get(0);
        }
        throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, files.isEmpty()
                ? "Send the audio as a file part named 'audio' of a multipart/form-data body."
                : "Send one audio file, in the part named 'audio'.");
    }

    private static byte[] read(FileUpload part) {
        try {
            return Files.readAllBytes(part.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
