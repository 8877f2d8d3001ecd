package dev.persona.ingest.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * What the admin routes answer about a replay (or a dry run). Fields that do not apply are left out: {@code sent}
 * and {@code jobs} for reemit, {@code consumed} for offsets, {@code chunksAfter} until it finished.
 *
 * @param events      events re-emitted (reemit) or to be consumed again from the topic (offsets)
 * @param chunks      the scope's chunks now, by model (while it runs and in a dry run)
 * @param refusal     a dry run of the offsets method: why the real one would be refused
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayView(String replayId, ReplayStage stage, ReplayMethod method, String personaId, Boolean dryRun,
        String status, long events, Long personas, Long sent, Jobs jobs, Long consumed, String group,
        Map<String, Long> skipped, ChunkTally chunksBefore, ChunkTally chunks, ChunkTally chunksAfter, String refusal,
        String error, Instant createdAt, Instant finishedAt) {

    /**
     * The re-emitted jobs: done / failed once the pipeline's last stage reported it; pending until then; skipped
     * when the persona was deleted meanwhile; unsent when the broker refused the event.
     */
    public record Jobs(long done, long failed, long pending, long skipped, long unsent) {
    }

    static ReplayView of(Replay r, Long sent, Jobs jobs, Long consumed, ChunkTally now) {
        return new ReplayView(r.id, r.stage, r.method, r.personaId, null, r.status, r.events,
                r.method == ReplayMethod.reemit ? r.personas : null, sent, jobs,
                consumed, r.group, r.skipped, r.chunksBefore, r.chunksAfter == null ? now : null, r.chunksAfter, null,
                r.error, r.createdAt, r.finishedAt);
    }

    static ReplayView dryRun(ReplayRequest.Checked request, long events, Long personas, Map<String, Long> skipped,
            ChunkTally now, String group, String refusal) {
        return new ReplayView(null, request.stage(), request.method(), request.personaId(), true, "dry-run", events,
                personas, null, null, null, group, skipped, null, now, null, refusal, null, null, null);
    }
}
