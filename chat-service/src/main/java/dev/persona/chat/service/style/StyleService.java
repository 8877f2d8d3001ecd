package dev.persona.chat.service.style;

import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.PersonaIndexRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** A persona's style profile, computed from the chunks of its current index and cached per index snapshot. */
@ApplicationScoped
public class StyleService {

    @Inject
    PersonaIndexRegistry indexes;

    private final Map<PersonaIndex, StyleProfile> cache = Collections.synchronizedMap(new WeakHashMap<>());

    public Uni<StyleProfile> style(String ownerId, String personaId) {
        return indexes.index(ownerId, personaId).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(index -> cache.computeIfAbsent(index, i -> StyleAnalyzer.analyse(
                        i.entries().stream().map(e -> e.chunk().text()).toList())));
    }
}
