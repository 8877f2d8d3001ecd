package dev.persona.chat.service.retrieval;

import dev.persona.chat.config.ChatConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Embeds the question with the model of the persona's index and runs hybrid search over it. */
@ApplicationScoped
public class Retriever {

    @Inject
    QueryEmbedder embedder;

    @Inject
    PersonaIndexRegistry indexes;

    @Inject
    ChatConfig config;

    @Inject
    MeterRegistry meters;

    public Uni<Retrieved> retrieve(String ownerId, String personaId, String question) {
        // The index first: it says which model its chunks (and so the question) are embedded with.
        return indexes.index(ownerId, personaId).flatMap(index -> {
            long indexed = System.nanoTime();
            return embedder.embedAsync(question, index.modelId()).map(vector -> {
                long embedded = System.nanoTime();
                long searchStart = System.nanoTime();
                List<HybridSearch.Hit> hits = HybridSearch.search(index, vector, question, params());
                long end = System.nanoTime();
                Timer.builder("persona.retrieval.search").register(meters).record(end - searchStart, TimeUnit.NANOSECONDS);
                List<Retrieved.Passage> passages = hits.stream()
                        .map(h -> passage(index, h)).toList();
                return new Retrieved(passages, vector, (embedded - indexed) / 1_000_000, (end - searchStart) / 1_000_000,
                        index.size());
            });
        });
    }

    public static Retrieved.Passage passage(PersonaIndex index, HybridSearch.Hit hit) {
        return new Retrieved.Passage(index.chunk(hit.row()), hit.similarity(), hit.keywordCoverage(),
                hit.evidence().stream().map(e -> new Retrieved.Evidence(e.position(), e.similarity(),
                        e.keywordCoverage(), e.score())).toList(), hit.sentenceSimilarities());
    }

    public HybridSearch.Params params() {
        ChatConfig.Retrieval r = config.retrieval();
        return new HybridSearch.Params(r.topK(), r.candidates(), r.rrfK(), r.mmrLambda(), r.minSimilarity(),
                r.minSimilarityWithKeywords(), r.minKeywordCoverage(), r.keywordWeight());
    }
}
