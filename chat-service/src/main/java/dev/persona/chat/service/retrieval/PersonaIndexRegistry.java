package dev.persona.chat.service.retrieval;

import dev.persona.chat.config.ChatConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The persona indexes this instance holds in memory. A persona's index is built from MongoDB at first use (a miss)
 * and then kept current by {@code chunks-embedded} events, which replace the chunks of one source. Least recently
 * used personas are dropped beyond the configured count and simply rebuilt on their next question.
 */
@ApplicationScoped
public class PersonaIndexRegistry {
    private static final Logger LOG = Logger.getLogger(PersonaIndexRegistry.class);

    @Inject
    ChunkStore store;

    @Inject
    ChatConfig config;

    @Inject
    MeterRegistry meters;

    private Map<String, Holder> holders;

    /** A persona's index: the first load is shared by concurrent callers; later updates swap the snapshot. */
    private final class Holder {
        final Uni<PersonaIndex> initial;
        volatile PersonaIndex current;

        Holder(String ownerId, String personaId) {
            this.initial = store.persona(ownerId, personaId)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(chunks -> PersonaIndex.of(chunks, new Keywords(config.retrieval().phoneticKeys())))
                    .invoke(index -> {
                        meters.counter("persona.index.loads").increment();
                        LOG.debugf("Loaded index of persona %s: %d chunks", personaId, index.size());
                    })
                    .memoize().indefinitely();
        }

        Uni<PersonaIndex> get() {
            PersonaIndex now = current;
            return now != null ? Uni.createFrom().item(now) : initial.map(loaded -> {
                synchronized (this) {
                    if (current == null) {
                        current = loaded;
                    }
                    return current;
                }
            });
        }
    }

    @PostConstruct
    void init() {
        int max = config.retrieval().maxCachedPersonas();
        holders = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Holder> eldest) {
                return size() > max;
            }
        };
    }

    public Uni<PersonaIndex> index(String ownerId, String personaId) {
        Holder holder;
        synchronized (holders) {
            holder = holders.computeIfAbsent(key(ownerId, personaId), k -> new Holder(ownerId, personaId));
        }
        return holder.get().onFailure().invoke(e -> {
            // A failed first load must not stick: the next question tries MongoDB again.
            synchronized (holders) {
                holders.remove(key(ownerId, personaId), holder);
            }
        });
    }

    /**
     * Refreshes one source of a persona held in memory. Personas not held here are ignored: their next question
     * loads everything from MongoDB anyway.
     */
    public Uni<Void> refreshSource(String ownerId, String personaId, String sourceId) {
        Holder holder;
        synchronized (holders) {
            holder = holders.get(key(ownerId, personaId));
        }
        if (holder == null) {
            return Uni.createFrom().voidItem();
        }
        return holder.get().flatMap(ignored -> store.source(ownerId, personaId, sourceId))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(fresh -> {
                    synchronized (holder) {
                        holder.current = holder.current.replacingSource(sourceId, fresh);
                    }
                    meters.counter("persona.index.refreshes").increment();
                    LOG.debugf("Refreshed source %s of persona %s: %d chunks", sourceId, personaId, fresh.size());
                })
                .replaceWithVoid();
    }

    /** Drops a persona's index (e.g. after its data was deleted); the next question rebuilds it. */
    public void evict(String ownerId, String personaId) {
        synchronized (holders) {
            holders.remove(key(ownerId, personaId));
        }
    }

    private static String key(String ownerId, String personaId) {
        return ownerId + '\u0000' + personaId;
    }
}
