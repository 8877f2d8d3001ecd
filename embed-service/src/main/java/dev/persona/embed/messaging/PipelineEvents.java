package dev.persona.embed.messaging;

import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.TranscriptReady;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * What embed-service tells the rest of the pipeline. Every record is keyed by persona id, so one persona's progress
 * stays ordered on one partition. Each Uni completes once the broker has acknowledged the record.
 */
@ApplicationScoped
public class PipelineEvents {

    @Inject
    @Channel("job-progress")
    MutinyEmitter<JobProgress> progress;

    @Inject
    @Channel("chunks-embedded")
    MutinyEmitter<ChunksEmbedded> chunks;

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public Uni<Void> progress(TranscriptReady event, JobStage stage, double fraction) {
        return progress.sendMessage(KafkaRecord.of(event.personaId(), JobProgress.of(event.ownerId(),
                event.personaId(), event.jobId(), event.sourceId(), stage, fraction)));
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public Uni<Void> failed(TranscriptReady event, String reason) {
        return progress.sendMessage(KafkaRecord.of(event.personaId(), JobProgress.failed(event.ownerId(),
                event.personaId(), event.jobId(), event.sourceId(), reason)));
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public Uni<Void> chunksEmbedded(TranscriptReady event, List<String> chunkIds, String modelId) {
        return chunks.sendMessage(KafkaRecord.of(event.personaId(), ChunksEmbedded.of(event.ownerId(),
                event.personaId(), event.jobId(), event.sourceId(), chunkIds, modelId)));
    }
}
