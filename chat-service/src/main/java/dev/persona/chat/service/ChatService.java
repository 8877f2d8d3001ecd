package dev.persona.chat.service;

import dev.persona.chat.config.ChatConfig;
import dev.persona.chat.domain.Citation;
import dev.persona.chat.domain.Timings;
import dev.persona.chat.service.generation.AnswerGenerator;
import dev.persona.chat.service.generation.Answerability;
import dev.persona.chat.service.generation.EvidenceSelector;
import dev.persona.chat.service.generation.UsedSentence;
import dev.persona.chat.service.generation.GenerationRequest;
import dev.persona.chat.service.generation.GeneratorSelector;
import dev.persona.chat.service.history.ChatHistory;
import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.retrieval.Retriever;
import dev.persona.chat.service.style.StyleProfile;
import dev.persona.chat.service.style.StyleService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * One question to a persona: retrieve from their index, generate in their voice, cite the sources. Callers check
 * ownership and limits first; every step here is scoped by owner and persona.
 */
@ApplicationScoped
public class ChatService {

    @Inject
    Retriever retriever;

    @Inject
    GeneratorSelector generators;

    @Inject
    StyleService styles;

    @Inject
    ChatHistory history;

    @Inject
    ChatConfig config;

    @Inject
    MeterRegistry meters;

    private volatile Answerability.Model answerability;

    /** A question about to be answered, with its grounding already retrieved. */
    public record Prepared(String ownerId, String personaId, String sessionId, String question,
            GenerationRequest request, List<Citation> citations, long startedNanos, AnswerGenerator generator) {
    }

    /** The pieces of an answer as they are produced, then the finished turn. */
    public sealed interface Event {
    }

    public record Token(String text) implements Event {
    }

    /** {@code messageId}: the stored answer's id (null when no history is kept, as for /v1). */
    public record Finished(String answer, List<Citation> citations, String sessionId, Timings timings,
            String messageId) implements Event {
    }

    public Uni<Prepared> prepare(String ownerId, Document persona, String sessionId, String question,
            List<GenerationRequest.Turn> clientHistory) {
        String personaId = persona.getString("_id");
        String name = persona.getString("name") == null ? "the persona" : persona.getString("name");
        long started = System.nanoTime();
        AnswerGenerator generator = generators.active();
        boolean usesLlm = !"extractive".equals(generator.name());
        Uni<List<GenerationRequest.Turn>> turns = clientHistory != null ? Uni.createFrom().item(clientHistory)
                : sessionId == null || !usesLlm ? Uni.createFrom().item(List.of())
                        : history.recentTurns(ownerId, personaId, sessionId, config.history().contextTurns());
        Uni<StyleProfile> style = usesLlm ? styles.style(ownerId, personaId) : Uni.createFrom().item(StyleProfile.empty());
        return retriever.retrieve(ownerId, personaId, question).flatMap(retrieved -> style.flatMap(
                profile -> turns.map(past -> {
                    List<UsedSentence> evidence = Answerability.keepIfAnswered(answerability(), question, retrieved,
                            EvidenceSelector.select(question, retrieved, evidenceParams()));
                    return new Prepared(ownerId, personaId, sessionId, question,
                            new GenerationRequest(name, question, retrieved, evidence, profile, past),
                            citations(evidence), started, generator);
                })));
    }

    /** Streams the answer's tokens, then one {@link Finished}; history is saved when a session is given. */
    public Multi<Event> answer(Prepared prepared) {
        AtomicLong firstToken = new AtomicLong();
        StringBuilder text = new StringBuilder();
        long generationStart = System.nanoTime();
        Multi<Event> tokens = prepared.generator().stream(prepared.request()).map(piece -> {
            firstToken.compareAndSet(0, System.nanoTime());
            text.append(piece);
            return (Event) new Token(piece);
        });
        Uni<Event> finish = Uni.createFrom().deferred(() -> {
            long end = System.nanoTime();
            Retrieved r = prepared.request().retrieved();
            String answer = text.toString().strip();
            Timings timings = new Timings(r.embedMillis(), r.searchMillis(),
                    firstToken.get() == 0 ? 0 : (firstToken.get() - prepared.startedNanos()) / 1_000_000,
                    (end - generationStart) / 1_000_000, (end - prepared.startedNanos()) / 1_000_000, r.indexSize(),
                    prepared.generator().name());
            meters.timer("persona.chat.answer", "generator", prepared.generator().name())
                    .record(java.time.Duration.ofNanos(end - prepared.startedNanos()));
            if (prepared.sessionId() == null) {
                return Uni.createFrom().item(new Finished(answer, prepared.citations(), null, timings, null));
            }
            return history.append(prepared.ownerId(), prepared.personaId(), prepared.sessionId(), prepared.question(),
                    answer, prepared.citations(), prepared.generator().name())
                    .map(messageId -> new Finished(answer, prepared.citations(), prepared.sessionId(), timings,
                            messageId));
        });
        return Multi.createBy().concatenating().streams(tokens, finish.toMulti());
    }

    /** The whole answer at once. */
    public Uni<Finished> answerWhole(Prepared prepared) {
        return answer(prepared).filter(e -> e instanceof Finished).map(e -> (Finished) e).toUni();
    }

    /** One citation per sentence the answer is built from, best evidence first. */
    private static List<Citation> citations(List<UsedSentence> evidence) {
        return evidence.stream().sorted(java.util.Comparator.comparingDouble(UsedSentence::score).reversed())
                .map(Citation::of).toList();
    }

    /** Built at startup, so a misconfigured model stops the service there rather than failing every question. */
    void buildAnswerability(@Observes StartupEvent started) {
        answerability = configuredAnswerability();
    }

    private Answerability.Model answerability() {
        Answerability.Model model = answerability;
        if (model == null && config.answer().answerability().enabled()) {
            model = answerability = configuredAnswerability();
        }
        return model;
    }

    /** The configured answerability model, or null when it is off (the gate and answer types decide alone). */
    private Answerability.Model configuredAnswerability() {
        ChatConfig.Answer.Answerability a = config.answer().answerability();
        if (!a.enabled()) {
            return null;
        }
        return new Answerability.Model(a.intercept(), a.weights().orElseThrow(() -> new IllegalStateException(
                "persona.chat.answer.answerability.weights is required when answerability is enabled")),
                a.threshold());
    }

    private EvidenceSelector.Params evidenceParams() {
        ChatConfig.Answer a = config.answer();
        return new EvidenceSelector.Params(a.maxSentences(), a.keepWithin(), a.continuationMinSimilarity(),
                config.retrieval().minSimilarityWithKeywords(), a.unaddressedMinSimilarity());
    }
}
