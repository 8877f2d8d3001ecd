package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.chat.PersonaCorpus;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.retrieval.Retriever;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sentence-level retrieval and answer evidence on the sample persona, with the real embedding model. */
class EvidenceSelectorTest {
    private static final EvidenceSelector.Params PARAMS = new EvidenceSelector.Params(3, 0.08, 0.3);
    private static PersonaIndex index;

    @BeforeAll
    static void index() {
        index = PersonaIndex.of(PersonaCorpus.indexed(PersonaCorpus.ALL));
    }

    private static Retrieved retrieve(String question) {
        float[] q = PersonaCorpus.question(question);
        List<HybridSearch.Hit> hits = HybridSearch.search(index, q, question, HybridSearch.Params.defaults());
        return new Retrieved(hits.stream().map(h -> Retriever.passage(index, h)).toList(), q, 0, 0, index.size());
    }

    private static String describe(Retrieved r) {
        return r.passages().stream().map(p -> p.chunk().sourceId() + " " + p.evidence() + " sims="
                + Arrays.toString(p.sentenceSimilarities())).collect(Collectors.joining("\n"));
    }

    @Test
    void debugSims() {
        String[] sentences = {"These days I play Carnatic kritis on the veena on weekends, and I still get nervous before concerts.",
            "The secret is to roast the coriander seeds, chana dal and dried red chillies in a little coconut oil before grinding them into a paste.",
            "On Sundays I cook sambar the way my amma taught me.", "I started learning the veena when I was eight."};
        String[] qs = {"What do you do on weekends?", "On weekends I", "What I do on weekends", "How do you make your sambar?", "How I make my sambar", "I make my sambar by"};
        dev.langchain4j.model.embedding.EmbeddingModel bge = new dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel();
        for (String q : qs) {
            float[] qv = bge.embed("Represent this sentence for searching relevant passages: " + q).content().vector();
            StringBuilder b = new StringBuilder(q + ":");
            for (String s : sentences) {
                float[] sv = bge.embed(s).content().vector();
                float d = 0; for (int i = 0; i < sv.length; i++) d += qv[i] * sv[i];
                b.append(String.format(" %.3f", d));
            }
            System.out.println(b);
        }
    }

    @Test
    void debug() {
        for (String q : List.of("How do you make your sambar?", "What do you do on weekends?", "Where did you grow up?")) {
            Retrieved r = retrieve(q);
            System.out.println(q + "\n" + describe(r) + "\n -> " + EvidenceSelector.select(r, PARAMS).stream()
                    .map(UsedSentence::text).toList());
        }
    }
}
