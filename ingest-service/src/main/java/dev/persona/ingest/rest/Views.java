package dev.persona.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.persona.ingest.config.IngestConfig;
import dev.persona.ingest.domain.DocumentRecord;
import dev.persona.ingest.domain.Job;
import dev.persona.ingest.domain.Persona;
import dev.persona.ingest.domain.Recording;
import dev.persona.ingest.service.Quotas;
import java.time.Instant;

/** What the API returns; entities never leave the service as they are. */
public final class Views {
    private Views() {
    }

    public record PersonaView(String id, String name, String description, String language, Instant createdAt,
            Instant updatedAt) {
        static PersonaView of(Persona p) {
            return new PersonaView(p.id, p.name, p.description, p.language, p.createdAt, p.updatedAt);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecordingView(String recordingId, String personaId, String jobId, String fileName, String format,
            String status, double durationSec, long sizeBytes, String error, Instant createdAt, Instant updatedAt) {
        static RecordingView of(Recording r) {
            return new RecordingView(r.id, r.personaId, r.jobId, r.fileName, r.format,
                    r.status == null ? null : r.status.name(), r.durationSec, r.sizeBytes, r.error, r.createdAt,
                    r.updatedAt);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentView(String documentId, String personaId, String jobId, String fileName, String format,
            String status, Integer pages, int characters, long sizeBytes, String error, Instant createdAt,
            Instant updatedAt) {
        static DocumentView of(DocumentRecord d) {
            return new DocumentView(d.id, d.personaId, d.jobId, d.fileName, d.format,
                    d.status == null ? null : d.status.name(), d.pages, d.characters, d.sizeBytes, d.error, d.createdAt,
                    d.updatedAt);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobView(String jobId, String stage, double progress, String error, String sourceId,
            String sourceKind, String personaId, Instant createdAt, Instant updatedAt) {
        static JobView of(Job j) {
            return new JobView(j.id, j.stage.name(), j.progress, j.error, j.sourceId,
                    j.sourceKind == null ? null : j.sourceKind.name(), j.personaId, j.createdAt, j.updatedAt);
        }
    }

    public record RecordingAccepted(String recordingId, String jobId, String status, String format,
            double durationSec) {
    }

    public record DocumentAccepted(String documentId, String jobId, String status, String format, Integer pages,
            int characters) {
    }

    /** One quota: what is used and the limit. */
    public record Quota(Number used, Number limit) {
    }

    public record UsageView(Quota personas, Quota storedBytes, Quota recordedSec) {
        static UsageView of(Quotas.Usage usage, IngestConfig.Quotas limits) {
            return new UsageView(new Quota(usage.personas(), limits.maxPersonas()),
                    new Quota(usage.storedBytes(), limits.maxStoredBytes()),
                    new Quota(usage.recordedMs() / 1000.0, limits.maxRecordedTime().toMillis() / 1000.0));
        }
    }
}
