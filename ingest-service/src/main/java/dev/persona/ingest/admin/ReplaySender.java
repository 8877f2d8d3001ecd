package dev.persona.ingest.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.persona.common.events.AudioUploaded;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.messaging.KeyedSender;
import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.LongStream;
import org.jboss.logging.Logger;

/**
 * Sends a planned replay's events in the background, in plan order with {@code concurrency} in flight, each awaited
 * until the broker acknowledged it. An item is marked sent before its event goes out, so the end of its job is
 * recognised however fast the stages are. If the broker still refuses one after the sender's retries, sending
 * stops there and the replay is failed: what was sent converges, the rest stays unsent, and the replay can be run
 * again (consumers are idempotent).
 */
@ApplicationScoped
public class ReplaySender {
    private static final Logger LOG = Logger.getLogger(ReplaySender.class);
    static final int PAGE = 500;

    @Inject
    KeyedSender<AudioUploaded> audioUploaded;

    @Inject
    KeyedSender<TranscriptReady> transcriptReady;

    @Inject
    ObjectMapper json;

    @Inject
    ReplayConfig config;

    @Inject
    JobRewind rewind;

    public void start(Replay replay) {
        send(replay).subscribe().with(
                ignored -> LOG.infof("Replay %s: %d events of stage %s sent", replay.id, replay.events, replay.stage),
                failure -> LOG.errorf(failure, "Replay %s stopped sending", replay.id));
    }

    Uni<Void> send(Replay replay) {
        long pages = (replay.events + PAGE - 1) / PAGE;
        return Multi.createFrom().items(LongStream.range(0, pages).boxed())
                .onItem().transformToMultiAndConcatenate(page -> ReplayItem.<ReplayItem>mongoCollection().find(
                        Filters.and(Filters.eq("replayId", replay.id), Filters.gte("seq", page * PAGE),
                                Filters.lt("seq", (page + 1) * PAGE), Filters.eq("status", ReplayItem.PLANNED)),
                        new FindOptions().sort(Sorts.ascending("seq"))))
                .onItem().transformToUni(item -> sendOne(replay, item)).merge(Math.max(1, config.concurrency()))
                .collect().last()
                .chain(() -> setStatus(replay, Replay.SENDING, Replay.RUNNING, null))
                .onFailure().call(e -> setStatus(replay, Replay.SENDING, Replay.FAILED,
                        "Sending stopped: " + e.getMessage())
                        .chain(() -> ReplayItem.mongoCollection().updateMany(Filters.and(
                                Filters.eq("replayId", replay.id), Filters.exists("payload")), Updates.unset("payload"))))
                .replaceWithVoid();
    }

    private Uni<Void> sendOne(Replay replay, ReplayItem item) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return ReplayItem.mongoCollection().updateOne(Filters.and(Filters.eq("_id", item.id),
                Filters.eq("status", ReplayItem.PLANNED)), Updates.combine(Updates.set("status", ReplayItem.SENT),
                        Updates.set("sentAt", now)))
                .chain(() -> rewind.ifFailed(item, replay.stage))
                .chain(() -> publish(replay.stage, item.payload))
                // The event (file names among its fields) is kept only until it is sent; ids are enough to follow it.
                .chain(() -> ReplayItem.mongoCollection().updateOne(Filters.eq("_id", item.id), Updates.unset("payload")))
                .onFailure().call(e -> ReplayItem.mongoCollection().updateOne(Filters.eq("_id", item.id),
                        Updates.combine(Updates.set("status", ReplayItem.UNSENT), Updates.unset("payload"),
                                Updates.set("error", String.valueOf(e.getMessage())))))
                .replaceWithVoid();
    }

    private Uni<Void> publish(ReplayStage stage, String payload) {
        try {
            return stage == ReplayStage.transcribe
                    ? audioUploaded.send(json.readValue(payload, AudioUploaded.class))
                    : transcriptReady.send(json.readValue(payload, TranscriptReady.class));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private static Uni<Void> setStatus(Replay replay, String from, String to, String error) {
        var update = error == null ? Updates.set("status", to)
                : Updates.combine(Updates.set("status", to), Updates.set("error", error),
                        Updates.set("finishedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        return Replay.mongoCollection().updateOne(Filters.and(Filters.eq("_id", replay.id), Filters.eq("status", from)),
                update).replaceWithVoid();
    }
}
