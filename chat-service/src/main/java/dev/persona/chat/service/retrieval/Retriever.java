package dev.persona.chat.service.retrieval;

import dev.persona.chat.config.ChatConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Embeds the question and runs hybrid search over the persona's index. */
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
        long start = System.nanoTime();
        return embedder.embedAsync(question).flatMap(vector -> {
            long embedded = System.nanoTime();
            return indexes.index(ownerId, personaId).map(index -> {
                long searchStart = System.nanoTime();
                List<HybridSearch.Hit> hits = HybridSearch.search(index, vector, question, params());
                long end = System.nanoTime();
                Timer.builder("persona.retrieval.search").register(meters).record(end - searchStart, TimeUnit.NANOSECONDS);
                List<Retrieved.Passage> passages = hits.stream()
                        .map(h -> passage(index, h)).toList();
                return new Retrieved(passages, vector, (embedded - start) / 1_000_000, (end - searchStart) / 1_000_000,
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
