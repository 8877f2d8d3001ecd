package dev.persona.chat.service.retrieval;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.persona.chat.config.ChatConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The persona indexes this instance holds in memory, bounded by their approximate size in bytes (Caffeine, weighed
 * by {@link PersonaIndex#approximateBytes()}, at most {@code persona.chat.index.max-memory}), not by their number:
 * a few huge personas or many small ones cannot exhaust the heap. A persona's index is built from MongoDB at first
 * use (a miss; concurrent first questions share one load, at most {@code concurrent-loads} loads run at once) and
 * then kept current by {@code chunks-embedded} events, which replace the chunks of one source. An evicted index is
 * simply rebuilt on its next question.
 * <p>
 * A persona whose index alone would exceed the whole budget is refused with 503 ({@link IndexTooLargeException})
 * rather than served: holding it would evict everyone else, and rebuilding it on every question would let one
 * user burn memory and MongoDB reads at will. The read stops as soon as the budget is passed, and the verdict is
 * remembered for a minute (or until the persona's chunks change).
 */
@ApplicationScoped
public class PersonaIndexRegistry {
    private static final Logger LOG = Logger.getLogger(PersonaIndexRegistry.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration REMEMBER_OVERSIZED = Duration.ofMinutes(1);

    @Inject
    ChunkStore store;

    @Inject
    ModelChoice models;

    @Inject
    ChatConfig config;

    @Inject
    MeterRegistry meters;

    private long budgetBytes;
    private boolean phoneticKeys;
    private int buildThreads = 1;
    private ExecutorService loads;
    private AsyncCache<String, PersonaIndex> indexes;
    private Cache<String, Long> oversized;

    @PostConstruct
    void init() {
        buildThreads = config.index().buildThreads();
        start(budgetBytes(config.index().maxMemory(), Runtime.getRuntime().maxMemory()),
                config.index().concurrentLoads(), config.retrieval().phoneticKeys());
        LOG.infof("Persona indexes may hold up to %d MiB", budgetBytes >> 20);
    }

    /**
     * A registry outside CDI, for tests: {@code store}, {@code models} and {@code meters} stand in for the injected
     * beans.
     */
    static PersonaIndexRegistry create(ChunkStore store, ModelChoice models, MeterRegistry meters, long budgetBytes,
            int concurrentLoads) {
        PersonaIndexRegistry registry = new PersonaIndexRegistry();
        registry.store = store;
        registry.models = models;
        registry.meters = meters;
        registry.start(budgetBytes, concurrentLoads, false);
        return registry;
    }

    private void start(long budget, int concurrentLoads, boolean phonetic) {
        this.budgetBytes = budget;
        this.phoneticKeys = phonetic;
        this.loads = Executors.newFixedThreadPool(Math.max(1, concurrentLoads), daemonThreads());
        // Weights are KiB so that one index may weigh up to 2 TiB within Caffeine's int weights.
        this.indexes = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, budget >> 10))
                .weigher((String key, PersonaIndex index) -> kibibytes(index.approximateBytes()))
                .evictionListener((String key, PersonaIndex index, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        meters.counter("persona.index.evictions").increment();
                    }
                })
                // A replaced index shares its writer with its successor: only one that is dropped is closed.
                .removalListener((String key, PersonaIndex index, RemovalCause cause) -> {
                    if (index != null && cause != RemovalCause.REPLACED) {
                        index.close();
                    }
                })
                .buildAsync();
        this.oversized = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(REMEMBER_OVERSIZED).build();
        Gauge.builder("persona.index.memory", this, PersonaIndexRegistry::heldBytes).baseUnit("bytes")
                .description("Approximate heap taken by the persona indexes held").register(meters);
        Gauge.builder("persona.index.budget", this, r -> r.budgetBytes).baseUnit("bytes").register(meters);
    }

    @PreDestroy
    void stop() {
        loads.shutdownNow();
    }

    public Uni<PersonaIndex> index(String ownerId, String personaId) {
        String key = key(ownerId, personaId);
        Long measured = oversized.getIfPresent(key);
        if (measured != null) {
            return Uni.createFrom().failure(new IndexTooLargeException(measured, budgetBytes));
        }
        CompletableFuture<PersonaIndex> held = indexes.get(key, (k, executor) -> load(key, ownerId, personaId));
        if (held.isCompletedExceptionally()) {
            // A failed load is dropped by Caffeine just after it completes; a question in between must not get it.
            indexes.asMap().remove(key, held);
            held = indexes.get(key, (k, executor) -> load(key, ownerId, personaId));
        }
        // A copy: a caller that goes away cancels its own view, never the load other callers share.
        Uni<PersonaIndex> index = Uni.createFrom().completionStage(held.copy())
                .onFailure(CompletionException.class).transform(e -> e.getCause() == null ? e : e.getCause());
        // A fresh load completes on a loader thread: searching must not hold that thread up.
        boolean loading = !held.isDone();
        return loading ? index.emitOn(Infrastructure.getDefaultWorkerPool()) : index;
    }

    private CompletableFuture<PersonaIndex> load(String key, String ownerId, String personaId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String modelId = models.forPersona(ownerId, personaId).await().atMost(LOAD_TIMEOUT);
                List<IndexedChunk> chunks = store.persona(ownerId, personaId, modelId, budgetBytes)
                        .await().atMost(LOAD_TIMEOUT);
                PersonaIndex index = within(PersonaIndex.of(chunks, new SpokenTextAnalyzer(phoneticKeys), modelId,
                        buildThreads));
                meters.counter("persona.index.loads").increment();
                LOG.debugf("Loaded index of persona %s: %d chunks of %s, ~%d KiB", personaId, index.size(),
                        modelId, index.approximateBytes() >> 10);
                return index;
            } catch (IndexTooLargeException e) {
                oversized.put(key, e.bytes());
                LOG.warnf("Persona %s needs ~%d MiB of index, more than the budget of %d MiB: refused", personaId,
                        e.bytes() >> 20, budgetBytes >> 20);
                throw e;
            }
        }, loads);
    }

    /** {@link #refreshSource(String, String, String, String)} for an event that names no model (a deleted source). */
    public Uni<Void> refreshSource(String ownerId, String personaId, String sourceId) {
        return refreshSource(ownerId, personaId, sourceId, null);
    }

    /**
     * Refreshes one source of a persona held in memory, from the chunks of the model the index is built from.
     * Personas not held here are ignored: their next question loads everything from MongoDB anyway. An event of
     * another model is part of a model switch: if the persona is now served from another model ({@link ModelChoice}:
     * the new one covers every source), its index is dropped and the next question builds it from that model;
     * until then the held index keeps answering.
     *
     * @param eventModelId the model of the chunks announced, or null when the source's chunks were deleted
     */
    public Uni<Void> refreshSource(String ownerId, String personaId, String sourceId, String eventModelId) {
        String key = key(ownerId, personaId);
        // Its size changed: a persona refused as too large is measured again on its next question.
        oversized.invalidate(key);
        CompletableFuture<PersonaIndex> held = indexes.getIfPresent(key);
        if (held == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(held.copy())
                // A failed first load is not kept: the next question reads the new chunks with all the others.
                .onFailure().recoverWithNull()
                .flatMap(loaded -> {
                    if (loaded == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return eventModelId == null || eventModelId.equals(loaded.modelId())
                            ? refresh(key, ownerId, personaId, sourceId, loaded.modelId())
                            : switchIfDue(key, held, ownerId, personaId, sourceId, loaded.modelId());
                });
    }

    private Uni<Void> refresh(String key, String ownerId, String personaId, String sourceId, String modelId) {
        return store.source(ownerId, personaId, sourceId, modelId, budgetBytes)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(fresh -> {
                    replaceSource(key, sourceId, fresh);
                    meters.counter("persona.index.refreshes").increment();
                    LOG.debugf("Refreshed source %s of persona %s: %d chunks", sourceId, personaId, fresh.size());
                })
                .onFailure(IndexTooLargeException.class).recoverWithItem(e -> {
                    dropOversized(key, ((IndexTooLargeException) e).bytes());
                    return null;
                })
                .replaceWithVoid();
    }

    /** Drops the index if the persona moved to another model; else keeps the source current in the held model. */
    private Uni<Void> switchIfDue(String key, CompletableFuture<PersonaIndex> held, String ownerId, String personaId,
            String sourceId, String heldModel) {
        return models.forPersona(ownerId, personaId).flatMap(model -> {
            if (model.equals(heldModel)) {
                return refresh(key, ownerId, personaId, sourceId, heldModel);
            }
            if (indexes.asMap().remove(key, held)) {
                meters.counter("persona.index.model.switches").increment();
                LOG.infof("Persona %s is now served from %s (was %s): its index is rebuilt on the next question",
                        personaId, model, heldModel);
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** The model the held index of a persona is built from, or null when none is held (yet). */
    public String heldModel(String ownerId, String personaId) {
        CompletableFuture<PersonaIndex> held = indexes.getIfPresent(key(ownerId, personaId));
        return held == null || !held.isDone() || held.isCompletedExceptionally() ? null : held.join().modelId();
    }

    /**
     * Applies the source's chunks to the held persona's memory and installs the snapshot that results; one that
     * outgrew the whole budget is dropped. A concurrent refresh of the same memory may install its snapshot first:
     * whichever is newer stays. An index rebuilt in between (evicted and loaded again, or grown into a graph) gets
     * the source applied too, so no change is lost.
     */
    private void replaceSource(String key, String sourceId, List<IndexedChunk> fresh) {
        java.util.concurrent.ConcurrentMap<String, PersonaIndex> held = indexes.synchronous().asMap();
        PersonaIndex next = null;
        for (PersonaIndex current = held.get(key); current != null; current = held.get(key)) {
            if (next == null || !next.sharesMemoryWith(current)) {
                if (next != null) {
                    next.close(); // built on an index no longer held: built again on the one that is
                }
                next = current.replacingSource(sourceId, fresh);
            }
            if (next.approximateBytes() > budgetBytes) {
                oversized.put(key, next.approximateBytes());
                if (held.remove(key, current)) {
                    next.close();
                }
                return;
            }
            if (current.includes(next)) {
                return;
            }
            if (held.replace(key, current, next)) {
                if (!next.sharesMemoryWith(current)) {
                    current.close();
                }
                return;
            }
        }
    }

    private void dropOversized(String key, long bytes) {
        oversized.put(key, bytes);
        indexes.synchronous().invalidate(key);
    }

    /** Drops a persona's index (e.g. after its data was deleted); the next question rebuilds it. */
    public void evict(String ownerId, String personaId) {
        indexes.synchronous().invalidate(key(ownerId, personaId));
    }

    /** Approximate heap the held indexes take now. */
    public long heldBytes() {
        return indexes.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L) << 10;
    }

    /** Whether this instance holds the persona's index (loaded or loading). */
    public boolean holds(String ownerId, String personaId) {
        return indexes.getIfPresent(key(ownerId, personaId)) != null;
    }

    /** Runs pending evictions now (Caffeine otherwise does so soon after writes). */
    void cleanUp() {
        indexes.synchronous().cleanUp();
    }

    private PersonaIndex within(PersonaIndex index) {
        if (index.approximateBytes() > budgetBytes) {
            index.close();
            throw new IndexTooLargeException(index.approximateBytes(), budgetBytes);
        }
        return index;
    }

    /**
     * {@code persona.chat.index.max-memory}: a share of the maximum heap ({@code 25%}) or a size ({@code 512M},
     * {@code 2G}, plain bytes).
     */
    static long budgetBytes(String value, long maxHeap) {
        String v = value.strip();
        long bytes;
        if (v.endsWith("%")) {
            double percent = Double.parseDouble(v.substring(0, v.length() - 1).strip());
            if (!(percent > 0 && percent <= 90)) {
                throw new IllegalArgumentException("persona.chat.index.max-memory must be a share of 1-90 % of the heap, was " + value);
            }
            bytes = (long) (maxHeap * percent / 100);
        } else {
            bytes = new MemorySizeConverter().convert(v).asLongValue();
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("persona.chat.index.max-memory must be positive, was " + value);
        }
        return bytes;
    }

    private static int kibibytes(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) >> 10));
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "persona-index-load-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String key(String ownerId, String personaId) {
        return ownerId + '\u0000' + personaId;
    }
}
