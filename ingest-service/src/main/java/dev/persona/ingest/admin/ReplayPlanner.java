package dev.persona.ingest.admin;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.PipelineEvent;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.common.security.PersonaOwnershipGuard;
import dev.persona.ingest.domain.DocumentRecord;
import dev.persona.ingest.domain.Persona;
import dev.persona.ingest.domain.Recording;
import dev.persona.ingest.service.RawCollections;
import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What a re-emit replay sends: the stage's input events rebuilt from the store, persona by persona, with the ids
 * the originals had (job, source, media and transcript ids; only {@code eventId} is new, as for every emission).
 * Personas being deleted are left out: their consumers would skip them anyway.
 */
@ApplicationScoped
public class ReplayPlanner {

    @Inject
    RawCollections raw;

    /** One event to re-emit, with what the replay needs to follow its job. */
    public record Target(String ownerId, String personaId, String sourceId, SourceKind kind, String jobId,
            PipelineEvent event) {
    }

    /** Sources left out while planning, by reason; shared by the persona streams of one plan. */
    public static final class Skips {
        private final Map<String, AtomicLong> counts = new java.util.concurrent.ConcurrentHashMap<>();

        void add(String reason, long n) {
            if (n > 0) {
                counts.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(n);
            }
        }

        public Map<String, Long> snapshot() {
            Map<String, Long> view = new TreeMap<>();
            counts.forEach((reason, n) -> view.put(reason, n.get()));
            return view;
        }
    }

    public Multi<Target> targets(ReplayStage stage, String personaId, Skips skips) {
        return activePersonas(personaId).onItem().transformToMultiAndConcatenate(persona -> stage == ReplayStage.transcribe
                ? recordings(persona)
                : transcripts(persona, skips));
    }

    /** The persona (active), or every active one, oldest id first so a replay's order is stable. */
    private Multi<Document> activePersonas(String personaId) {
        Bson active = Filters.exists(Persona.DELETING_AT, false);
        Bson filter = personaId == null ? active : Filters.and(Filters.eq("_id", personaId), active);
        return raw.get(PersonaOwnershipGuard.PERSONAS).find(filter, new FindOptions()
                .projection(Projections.include("_id", "ownerId", "language")).sort(Sorts.ascending("_id")));
    }

    private Multi<Target> recordings(Document persona) {
        String ownerId = persona.getString("ownerId");
        String personaId = persona.getString("_id");
        String language = persona.getString("language");
        return Recording.<Recording>mongoCollection()
                .find(owned(ownerId, personaId), new FindOptions().sort(Sorts.ascending("createdAt")))
                .map(r -> new Target(ownerId, personaId, r.id, SourceKind.recording, r.jobId,
                        new AudioUploaded(AudioUploaded.SCHEMA_VERSION, UUID.randomUUID().toString(), ownerId,
                                personaId, r.jobId, r.id, r.fileName, r.format, r.mediaRef, r.originalRef,
                                r.durationSec, language, Instant.now())));
    }

    /** A recording or document: what a transcript-ready needs that the transcript does not hold. */
    private record Source(SourceKind kind, String jobId, String fileName) {
    }

    /**
     * Every transcript of the persona whose source still exists. Recordings not (yet) transcribed have none and
     * are counted as skipped; a transcript whose source is gone is an orphan and is not sent either.
     */
    private Multi<Target> transcripts(Document persona, Skips skips) {
        String ownerId = persona.getString("ownerId");
        String personaId = persona.getString("_id");
        String language = persona.getString("language");
        Uni<Map<String, Source>> sources = Recording.<Recording>mongoCollection().find(owned(ownerId, personaId))
                .map(r -> Map.entry(r.id, new Source(SourceKind.recording, r.jobId, r.fileName)))
                .collect().asList()
                .flatMap(recordings -> DocumentRecord.<DocumentRecord>mongoCollection().find(owned(ownerId, personaId))
                        .map(d -> Map.entry(d.id, new Source(SourceKind.document, d.jobId, d.fileName)))
                        .collect().asList()
                        .map(documents -> {
                            Map<String, Source> all = new HashMap<>();
                            recordings.forEach(e -> all.put(e.getKey(), e.getValue()));
                            documents.forEach(e -> all.put(e.getKey(), e.getValue()));
                            return all;
                        }));
        return sources.onItem().transformToMulti(bySource -> raw.get(MemoryCollections.TRANSCRIPTS)
                .find(owned(ownerId, personaId), new FindOptions()
                        .projection(Projections.include("_id", "sourceKind", "sourceName", "language"))
                        .sort(Sorts.ascending("_id")))
                .collect().asList()
                .onItem().transformToMulti(transcripts -> {
                    List<Target> targets = transcripts.stream()
                            .filter(t -> bySource.containsKey(t.getString("_id")))
                            .map(t -> transcriptReady(ownerId, personaId, language, t, bySource.get(t.getString("_id"))))
                            .toList();
                    skips.add("orphanTranscripts", transcripts.size() - targets.size());
                    skips.add("withoutTranscript", bySource.size() - targets.size());
                    return Multi.createFrom().iterable(targets);
                }));
    }

    private static Target transcriptReady(String ownerId, String personaId, String personaLanguage, Document transcript,
            Source source) {
        String sourceId = transcript.getString("_id");
        String name = transcript.getString("sourceName") != null ? transcript.getString("sourceName") : source.fileName();
        String language = transcript.getString("language") != null ? transcript.getString("language") : personaLanguage;
        TranscriptReady event = new TranscriptReady(TranscriptReady.SCHEMA_VERSION, UUID.randomUUID().toString(),
                ownerId, personaId, source.jobId(), sourceId, source.kind(), name, sourceId, language, Instant.now());
        return new Target(ownerId, personaId, sourceId, source.kind(), source.jobId(), event);
    }

    private static Bson owned(String ownerId, String personaId) {
        return Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId));
    }
}
