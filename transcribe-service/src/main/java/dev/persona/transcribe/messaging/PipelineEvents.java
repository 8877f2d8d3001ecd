package dev.persona.transcribe.messaging;

import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.TranscriptReady;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** What this stage tells the others; every event is keyed by persona id so one persona's events stay in order. */
@ApplicationScoped
public class PipelineEvents {

    @Inject
    @Channel("job-progress")
    MutinyEmitter<JobProgress> progress;

    @Inject
    @Channel("transcript-ready")
    MutinyEmitter<TranscriptReady> transcripts;

    /** Completes once the broker has the event. */
    public Uni<Void> progress(AudioUploaded e, JobStage stage, double fraction) {
        return send(progress, e.personaId(), JobProgress.of(e.ownerId(), e.personaId(), e.jobId(), e.recordingId(),
                stage, Math.max(0, Math.min(1, fraction))));
    }

    public Uni<Void> failed(AudioUploaded e, String reason) {
        return send(progress, e.personaId(),
                JobProgress.failed(e.ownerId(), e.personaId(), e.jobId(), e.recordingId(), reason));
    }

    public Uni<Void> transcriptReady(AudioUploaded e, String language) {
        return send(transcripts, e.personaId(), TranscriptReady.of(e.ownerId(), e.personaId(), e.jobId(),
                e.recordingId(), SourceKind.recording, e.fileName(), e.recordingId(), language));
    }

    private static <T> Uni<Void> send(MutinyEmitter<T> emitter, String key, T event) {
        return emitter.sendMessage(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
