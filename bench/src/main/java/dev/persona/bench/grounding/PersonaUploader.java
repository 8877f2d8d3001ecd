package dev.persona.bench.grounding;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.bench.grounding.api.PersonaApi;
import dev.persona.bench.grounding.api.Uploaded;
import dev.persona.bench.grounding.audio.SynthesizedRecording;
import dev.persona.bench.grounding.corpus.DocumentSource;
import dev.persona.bench.grounding.corpus.PersonaCase;
import dev.persona.bench.grounding.corpus.RecordingScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates a persona and uploads its recordings and documents through the API, one at a time. */
public final class PersonaUploader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A job to wait for. */
    public record PendingJob(String persona, String personaId, String source, String jobId) {
    }

    public record Result(UploadedPersona persona, List<PendingJob> jobs) {
    }

    private final PersonaApi api;

    public PersonaUploader(PersonaApi api) {
        this.api = api;
    }

    public Result upload(PersonaCase persona, Map<String, SynthesizedRecording> audio) {
        String personaId = api.createPersona(persona.name(), persona.description());
        Map<String, String> sourceNames = new LinkedHashMap<>();
        List<PendingJob> jobs = new ArrayList<>();
        for (RecordingScript recording : persona.recordings()) {
            Uploaded up = api.upload(personaId, "recordings", audio.get(recording.name()).uploadFile(),
                    recording.uploadFileName());
            sourceNames.put(up.sourceId(), recording.name());
            jobs.add(new PendingJob(persona.id(), personaId, recording.name(), up.jobId()));
        }
        for (DocumentSource document : persona.documents()) {
            Uploaded up = api.upload(personaId, "documents", document.file(), document.fileName());
            sourceNames.put(up.sourceId(), document.fileName());
            jobs.add(new PendingJob(persona.id(), personaId, document.fileName(), up.jobId()));
        }
        System.out.printf("  %-16s persona %s: %d recordings, %d documents uploaded%n", persona.id(), personaId,
                persona.recordings().size(), persona.documents().size());
        return new Result(new UploadedPersona(persona.id(), fingerprint(persona), personaId, sourceNames), jobs);
    }

    /** Everything uploaded for a persona; questions are left out, so editing them needs no new upload. */
    static String fingerprint(PersonaCase persona) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((persona.name() + "\n" + persona.description() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(JSON.writeValueAsBytes(persona.recordings()));
            for (DocumentSource d : persona.documents()) {
                sha.update((d.fileName() + "\n" + String.join("\n", d.sentences())).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
