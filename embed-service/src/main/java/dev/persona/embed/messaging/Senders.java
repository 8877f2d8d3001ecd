package dev.persona.embed.messaging;

import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.JobProgress;
import dev.persona.common.events.Topics;
import dev.persona.common.messaging.JobProgressReporter;
import dev.persona.common.messaging.KeyedSender;
import dev.persona.common.messaging.MessagingConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The channels this stage sends on, as common's keyed sender and job-progress reporter (one send policy). */
@ApplicationScoped
public class Senders {

    @Inject
    @Channel(Topics.JOB_PROGRESS)
    MutinyEmitter<JobProgress> jobProgressChannel;

    @Inject
    @Channel(Topics.CHUNKS_EMBEDDED)
    MutinyEmitter<ChunksEmbedded> chunksEmbeddedChannel;

    @Inject
    MessagingConfig policy;

    @Produces
    @Singleton
    JobProgressReporter jobProgress() {
        return JobProgressReporter.on(jobProgressChannel, policy);
    }

    @Produces
    @Singleton
    KeyedSender<ChunksEmbedded> chunksEmbedded() {
        return new KeyedSender<>(chunksEmbeddedChannel, ChunksEmbedded::personaId, policy);
    }
}
