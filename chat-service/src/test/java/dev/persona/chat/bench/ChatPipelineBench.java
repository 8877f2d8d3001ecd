package dev.persona.chat.bench;

import dev.persona.chat.PersonaCorpus;
import dev.persona.chat.service.generation.EvidenceSelector;
import dev.persona.chat.service.generation.ExtractiveComposer;
import dev.persona.chat.service.retrieval.Retriever;
import dev.persona.chat.service.generation.Tokens;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.Retrieved;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Chat latency of the embedded default, in-process (no HTTP, no MongoDB): the sample persona's real chunks plus
 * 10k synthetic ones, the real ONNX model for the question (sentences carry their stored vectors). {@code firstToken} is the
 * time until the extractive answer's first token can be sent (embed + hybrid search + compose: the extractive
 * responder composes the whole answer before its first token); {@code fullAnswer} adds streaming every token;
 * {@code retrievalOnly} is the baseline (embed + search, no answer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class ChatPipelineBench {
    private static final String[] QUESTIONS = {"Where did you grow up?", "How do you make your sambar?",
        "What do you do for a living?", "Do you play any musical instrument?", "Have you ever run a marathon?",
        "What is your opinion on quantum chromodynamics?"};

    PersonaIndex index;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<IndexedChunk> chunks = new ArrayList<>(SyntheticCorpus.chunks(10_000, 11));
        chunks.addAll(PersonaCorpus.indexed(PersonaCorpus.ALL));
        index = PersonaIndex.of(chunks);
        for (String q : QUESTIONS) {
            System.out.printf("%nANSWER %s -> %s%n", q, answer(q));
        }
    }

    private String question() {
        next = (next + 1) % QUESTIONS.length;
        return QUESTIONS[next];
    }

    private Retrieved retrieve(String question) {
        float[] q = PersonaCorpus.question(question);
        List<HybridSearch.Hit> hits = HybridSearch.search(index, q, question, HybridSearch.Params.defaults());
        return new Retrieved(hits.stream().map(h -> Retriever.passage(index, h)).toList(), q, 0, 0, index.size());
    }

    private String answer(String question) {
        return ExtractiveComposer.compose(PersonaCorpus.NAME,
                EvidenceSelector.select(question, retrieve(question), new EvidenceSelector.Params(3, 0.08, 0.35, 0.45)));
    }

    @Benchmark
    public Retrieved retrievalOnly() {
        return retrieve(question());
    }

    @Benchmark
    public String firstToken() {
        return Tokens.of(answer(question())).get(0);
    }

    @Benchmark
    public void fullAnswer(Blackhole hole) {
        Tokens.stream(answer(question())).subscribe().with(hole::consume);
    }

    static float[] unit(float[] v) {
        return IndexedChunk.unit(v);
    }
}
