package dev.persona.chat.service.generation;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/** The embedded default: no LLM, answers composed from the persona's own sentences ({@link ExtractiveComposer}). */
@ApplicationScoped
public class ExtractiveGenerator implements AnswerGenerator {

    @Override
    public String name() {
        return "extractive";
    }

    @Override
    public Multi<String> stream(GenerationRequest request) {
        return answer(request).onItem().transformToMulti(Tokens::stream);
    }

    public Uni<String> answer(GenerationRequest request) {
        return Uni.createFrom().item(() -> compose(request)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Blocking. */
    public String compose(GenerationRequest request) {
        return ExtractiveComposer.compose(request.personaName(), request.evidence());
    }
}
