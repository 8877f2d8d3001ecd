package dev.persona.ingest.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.PersonaOwnershipGuard;
import dev.persona.ingest.domain.Persona;
import dev.persona.ingest.service.RawCollections;
import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Operator replays: plan, start and follow them. A replay reaches the stages only through Kafka (re-emitted events,
 * or a reset consumer group), never by calling a service. Its record and items live in MongoDB, so any ingest
 * instance answers its progress.
 */
@ApplicationScoped
public class ReplayService {
    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    private static final int INSERT_BATCH = 500;

    @Inject
    ReplayConfig config;

    @Inject
    ReplayPlanner planner;

    @Inject
    ReplaySender sender;

    @Inject
    ChunkCounts counts;

    @Inject
    StageOffsets offsets;

    @Inject
    ActiveReplays active;

    @Inject
    RawCollections raw;

    @Inject
    ObjectMapper json;

    /** A replay with more events than {@code max-events}: found while planning, before anything is sent. */
    static final class TooManyEvents extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyEvents() {
            super(null, null, false, false);
        }
    }

    // ---- dry run ------------------------------------------------------------------------------------------

    /** What the replay would do; sends nothing and stores nothing. */
    public Uni<ReplayView> dryRun(ReplayRequest.Checked request) {
        if (request.method() == ReplayMethod.offsets) {
            String group = request.stage().group(config);
            return offsets.plan(group, request.stage().topic()).flatMap(plan -> counts.count(null).map(now ->
                    ReplayView.dryRun(request, plan.events(), null, null, now, group, plan.refusal().orElse(null))));
        }
        ReplayPlanner.Skips skips = new ReplayPlanner.Skips();
        Set<String> personas = new HashSet<>();
        return requirePersona(request.personaId())
                .chain(() -> planner.targets(request.stage(), request.personaId(), skips)
                        .invoke(t -> personas.add(t.personaId()))
                        .collect().with(java.util.stream.Collectors.counting()))
                .flatMap(events -> counts.count(request.personaId()).map(now -> ReplayView.dryRun(request, events,
                        (long) personas.size(), skips.snapshot(), now, null, null)));
    }

    // ---- start --------------------------------------------------------------------------------------------

    public Uni<ReplayView> start(ReplayRequest.Checked request, String requestedBy) {
        return refuseOverlap(request)
                .chain(() -> request.method() == ReplayMethod.offsets
                        ? startOffsets(request, requestedBy)
                        : startReemit(request, requestedBy));
    }

    private Uni<ReplayView> startReemit(ReplayRequest.Checked request, String requestedBy) {
        return requirePersona(request.personaId())
                .chain(() -> counts.count(request.personaId()))
                .chain(before -> {
                    Replay replay = newReplay(request, requestedBy, before);
                    ReplayPlanner.Skips skips = new ReplayPlanner.Skips();
                    Set<String> personas = new HashSet<>();
                    return replay.persist()
                            .chain(() -> plan(replay, skips, personas))
                            .onFailure(TooManyEvents.class).call(() -> discard(replay))
                            .onFailure(TooManyEvents.class).transform(e -> new ApiException(422,
                                    ErrorCodes.TOO_COMPLEX, "Too many events", "This replay would send more than "
                                    + config.maxEvents() + " events (persona.ingest.replay.max-events); replay"
                                    + " persona by persona."))
                            .chain(events -> beginSending(replay, events, personas.size(), skips));
                })
                .map(replay -> ReplayView.of(replay, 0L, new ReplayView.Jobs(0, 0, replay.events, 0, 0), null,
                        replay.chunksBefore));
    }

    private Replay newReplay(ReplayRequest.Checked request, String requestedBy, ChunkTally before) {
        Replay replay = new Replay();
        replay.id = UUID.randomUUID().toString();
        replay.stage = request.stage();
        replay.method = request.method();
        replay.personaId = request.personaId();
        replay.requestedBy = requestedBy;
        replay.status = Replay.PLANNING;
        replay.chunksBefore = before;
        replay.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return replay;
    }

    /** Writes the replay's items in plan order; the count of events they hold. */
    private Uni<Long> plan(Replay replay, ReplayPlanner.Skips skips, Set<String> personas) {
        AtomicLong seq = new AtomicLong();
        return planner.targets(replay.stage, replay.personaId, skips)
                .map(target -> {
                    long n = seq.getAndIncrement();
                    if (n >= config.maxEvents()) {
                        throw new TooManyEvents();
                    }
                    personas.add(target.personaId());
                    return item(replay.id, n, target);
                })
                .group().intoLists().of(INSERT_BATCH)
                .onItem().transformToUniAndConcatenate(batch -> ReplayItem.persist(batch))
                .collect().last()
                .map(ignored -> seq.get());
    }

    private ReplayItem item(String replayId, long seq, ReplayPlanner.Target target) {
        ReplayItem item = new ReplayItem();
        item.id = replayId + "/" + seq;
        item.replayId = replayId;
        item.seq = seq;
        item.ownerId = target.ownerId();
        item.personaId = target.personaId();
        item.sourceId = target.sourceId();
        item.sourceKind = target.kind();
        item.jobId = target.jobId();
        item.status = ReplayItem.PLANNED;
        try {
            item.payload = json.writeValueAsString(target.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the event of source " + target.sourceId(), e);
        }
        return item;
    }

    private Uni<Replay> beginSending(Replay replay, long events, int personas, ReplayPlanner.Skips skips) {
        replay.events = events;
        replay.personas = personas;
        replay.skipped = skips.snapshot();
        if (events == 0) {
            replay.status = Replay.DONE;
            replay.finishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            replay.chunksAfter = replay.chunksBefore;
            return replay.update();
        }
        replay.status = Replay.SENDING;
        return replay.<Replay>update().invoke(saved -> {
            active.started();
            LOG.infof("Replay %s of stage %s (%s) requested by %s: %d events for %d personas", replay.id,
                    replay.stage, replay.personaId == null ? "every persona" : "persona " + replay.personaId,
                    replay.requestedBy, events, personas);
            sender.start(saved);
        });
    }

    private Uni<Void> discard(Replay replay) {
        return ReplayItem.delete("replayId", replay.id).chain(() -> replay.delete());
    }

    private Uni<ReplayView> startOffsets(ReplayRequest.Checked request, String requestedBy) {
        String group = request.stage().group(config);
        return offsets.plan(group, request.stage().topic()).flatMap(plan -> {
            plan.refusal().ifPresent(reason -> {
                throw ApiException.conflict(ErrorCodes.CONFLICT, reason);
            });
            return counts.count(null).flatMap(before -> {
                Replay replay = newReplay(request, requestedBy, before);
                replay.group = group;
                replay.events = plan.events();
                replay.startOffsets = byPartition(plan.start());
                replay.endOffsets = byPartition(plan.end());
                replay.status = Replay.RUNNING;
                return offsets.reset(plan).chain(() -> replay.<Replay>persist()).map(saved -> {
                    LOG.infof("Replay %s of stage %s requested by %s: group %s reset, %d events to consume again",
                            replay.id, replay.stage, requestedBy, group, plan.events());
                    return ReplayView.of(saved, null, null, 0L, before);
                });
            });
        });
    }

    /** One replay per stage and persona at a time: a second would only send everything twice. */
    private Uni<Void> refuseOverlap(ReplayRequest.Checked request) {
        Bson sameScope = request.personaId() == null || request.method() == ReplayMethod.offsets ? new Document()
                : Filters.or(Filters.eq("personaId", null), Filters.eq("personaId", request.personaId()));
        return Replay.<Replay>find(Filters.and(Filters.eq("stage", request.stage().name()),
                Filters.in("status", Replay.ACTIVE), sameScope)).firstResult()
                .invoke(running -> {
                    if (running != null && !expired(running)) {
                        throw ApiException.conflict(ErrorCodes.CONFLICT, "Replay " + running.id + " of stage "
                                + running.stage + " is still " + running.status + "; follow it at /admin/replays/"
                                + running.id + ".");
                    }
                })
                .replaceWithVoid();
    }

    /** 404 for a persona that does not exist, 409 persona-deleting for one being erased; nothing for "all". */
    private Uni<Void> requirePersona(String personaId) {
        if (personaId == null) {
            return Uni.createFrom().voidItem();
        }
        return raw.get(PersonaOwnershipGuard.PERSONAS).find(Filters.eq("_id", personaId)).collect().first()
                .invoke(persona -> {
                    if (persona == null) {
                        throw ApiException.notFound(ErrorCodes.PERSONA_NOT_FOUND, "No such persona.");
                    }
                    if (persona.get(Persona.DELETING_AT) != null) {
                        throw ApiException.conflict(ErrorCodes.PERSONA_DELETING, "The persona is being deleted.");
                    }
                })
                .replaceWithVoid();
    }

    // ---- progress -----------------------------------------------------------------------------------------

    public Uni<ReplayView> progress(String replayId) {
        return Replay.<Replay>findById(replayId)
                .onItem().ifNull().failWith(() -> ApiException.notFound(ErrorCodes.NOT_FOUND, "No such replay."))
                .flatMap(replay -> replay.method == ReplayMethod.offsets ? offsetsProgress(replay)
                        : reemitProgress(replay));
    }

    /** The latest replays, newest first, as stored (without counting their jobs). */
    public Uni<List<ReplayView>> recent() {
        return Replay.<Replay>mongoCollection().find(new Document(), new FindOptions()
                .sort(Sorts.descending("createdAt")).limit(50)).collect().asList()
                .map(list -> list.stream().map(r -> ReplayView.of(r, null, null, null, null)).toList());
    }

    private Uni<ReplayView> reemitProgress(Replay replay) {
        Uni<Void> skipGone = Replay.RUNNING.equals(replay.status) ? skipDeletedPersonas(replay)
                : Uni.createFrom().voidItem();
        return skipGone.chain(() -> statusCounts(replay.id)).flatMap(byStatus -> {
            long pending = byStatus.getOrDefault(ReplayItem.PLANNED, 0L) + byStatus.getOrDefault(ReplayItem.SENT, 0L);
            long done = byStatus.getOrDefault(ReplayItem.DONE, 0L);
            long failed = byStatus.getOrDefault(ReplayItem.FAILED, 0L);
            long sent = byStatus.getOrDefault(ReplayItem.SENT, 0L) + done + failed;
            ReplayView.Jobs jobs = new ReplayView.Jobs(done, failed, pending, byStatus.getOrDefault(ReplayItem.SKIPPED,
                    0L), byStatus.getOrDefault(ReplayItem.UNSENT, 0L));
            String next = Replay.RUNNING.equals(replay.status) && pending == 0 ? Replay.DONE
                    : Replay.ACTIVE.contains(replay.status) && expired(replay) ? Replay.TIMED_OUT : null;
            return finishIfDue(replay, next).flatMap(r -> current(r).map(now -> ReplayView.of(r, sent, jobs, null, now)));
        });
    }

    private Uni<ReplayView> offsetsProgress(Replay replay) {
        OffsetPlan plan = new OffsetPlan(replay.group, replay.stage.topic(), byNumber(replay.startOffsets),
                byNumber(replay.endOffsets), 0);
        return offsets.committed(replay.group, replay.stage.topic()).flatMap(committed -> {
            long consumed = plan.consumed(committed);
            String next = Replay.RUNNING.equals(replay.status) && consumed >= plan.events() ? Replay.DONE
                    : Replay.RUNNING.equals(replay.status) && expired(replay) ? Replay.TIMED_OUT : null;
            return finishIfDue(replay, next)
                    .flatMap(r -> current(r).map(now -> ReplayView.of(r, null, null, consumed, now)));
        });
    }

    /** Moves a running replay to its end state once, whichever instance notices first; counts its chunks then. */
    private Uni<Replay> finishIfDue(Replay replay, String next) {
        if (next == null) {
            return Uni.createFrom().item(replay);
        }
        return counts.count(replay.personaId).flatMap(after -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            return Replay.mongoCollection().updateOne(Filters.and(Filters.eq("_id", replay.id),
                    Filters.eq("status", replay.status)), Updates.combine(Updates.set("status", next),
                            Updates.set("finishedAt", now), Updates.set("chunksAfter", after)))
                    // Events never sent (a timed-out replay) keep no copy of their fields once it is over.
                    .chain(() -> ReplayItem.mongoCollection().updateMany(Filters.and(Filters.eq("replayId", replay.id),
                            Filters.exists("payload")), Updates.unset("payload")))
                    .chain(() -> Replay.<Replay>findById(replay.id));
        });
    }

    private Uni<ChunkTally> current(Replay replay) {
        return replay.chunksAfter != null ? Uni.createFrom().nullItem() : counts.count(replay.personaId);
    }

    private Uni<Map<String, Long>> statusCounts(String replayId) {
        return ReplayItem.mongoCollection().aggregate(List.of(Aggregates.match(Filters.eq("replayId", replayId)),
                Aggregates.group("$status", Accumulators.sum("n", 1))), Document.class).collect().asList().map(rows -> {
                    Map<String, Long> byStatus = new HashMap<>();
                    rows.forEach(row -> byStatus.put(String.valueOf(row.get("_id")),
                            ((Number) row.get("n")).longValue()));
                    return byStatus;
                });
    }

    /**
     * Jobs of personas deleted (or being deleted) since the replay began will never report an end: the stages skip
     * them silently. They are counted as skipped instead of keeping the replay running until its timeout.
     */
    private Uni<Void> skipDeletedPersonas(Replay replay) {
        Bson pending = Filters.and(Filters.eq("replayId", replay.id), Filters.in("status", ReplayItem.PENDING));
        return ReplayItem.mongoCollection().distinct("personaId", pending, String.class).collect().asList()
                .flatMap(personaIds -> personaIds.isEmpty() ? Uni.createFrom().voidItem()
                        : raw.get(PersonaOwnershipGuard.PERSONAS).find(Filters.and(Filters.in("_id", personaIds),
                                Filters.exists(Persona.DELETING_AT, false)), new FindOptions()
                                .projection(Projections.include("_id")))
                                .map(d -> d.getString("_id")).collect().asList()
                                .flatMap(activeIds -> {
                                    Set<String> gone = new HashSet<>(personaIds);
                                    activeIds.forEach(gone::remove);
                                    return gone.isEmpty() ? Uni.createFrom().voidItem()
                                            : ReplayItem.mongoCollection().updateMany(Filters.and(pending,
                                                    Filters.in("personaId", gone)),
                                                    Updates.set("status", ReplayItem.SKIPPED)).replaceWithVoid();
                                }));
    }

    private boolean expired(Replay replay) {
        return replay.createdAt != null && replay.createdAt.plus(config.timeout()).isBefore(Instant.now());
    }

    private static Map<String, Long> byPartition(Map<Integer, Long> offsets) {
        Map<String, Long> stored = new HashMap<>();
        offsets.forEach((p, o) -> stored.put(Integer.toString(p), o));
        return stored;
    }

    private static Map<Integer, Long> byNumber(Map<String, Long> stored) {
        Map<Integer, Long> offsets = new HashMap<>();
        if (stored != null) {
            stored.forEach((p, o) -> offsets.put(Integer.parseInt(p), o));
        }
        return offsets;
    }
}
