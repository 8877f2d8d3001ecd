package dev.persona.chat.service.generation;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Calls to LLM providers, each guarded: a time limit, a retry for transient failures, and the extractive responder
 * as fallback so a provider outage degrades answers instead of failing them. Limits can be tuned per method with
 * MicroProfile Fault Tolerance config (e.g. {@code dev.persona.chat.service.generation.LlmCalls/complete/Timeout/value}).
 */
@ApplicationScoped
public class LlmCalls {
    private static final Logger LOG = Logger.getLogger(LlmCalls.class);
    static final Duration STREAM_STALL = Duration.ofSeconds(60);

    @Inject
    ExtractiveGenerator extractive;

    @Timeout(value = 90, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, jitter = 200)
    @Fallback(fallbackMethod = "extractiveAnswer")
    public Uni<String> complete(ChatModel model, GenerationRequest request) {
        return Uni.createFrom().item(() -> model.chat(PersonaPrompt.messages(request)).aiMessage().text())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    Uni<String> extractiveAnswer(ChatModel model, GenerationRequest request) {
        LOG.warn("LLM call failed after retries; answering extractively");
        return extractive.answer(request);
    }

    /**
     * Streams from a provider. Fault tolerance annotations do not apply to streams, so the same policy is spelled
     * out with Mutiny: a stall limit between tokens, two retries while nothing was emitted yet, then the extractive
     * answer. A failure after tokens went out ends the stream with what was said (it cannot be unsaid).
     */
    public Multi<String> stream(StreamingChatModel model, GenerationRequest request) {
        AtomicBoolean started = new AtomicBoolean();
        Multi<String> tokens = Multi.createFrom().<String>emitter(emitter -> model.chat(PersonaPrompt.messages(request),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                        started.set(true);
                        emitter.emit(partial);
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        emitter.complete();
                    }

                    @Override
                    public void onError(Throwable error) {
                        emitter.fail(error);
                    }
                })).ifNoItem().after(STREAM_STALL).fail();
        return tokens.onFailure(e -> !started.get()).retry().withBackOff(Duration.ofMillis(500)).atMost(2)
                .onFailure().recoverWithMulti(e -> {
                    if (started.get()) {
                        LOG.warnf("LLM stream broke off: %s", e.toString());
                        return Multi.createFrom().empty();
                    }
                    LOG.warnf("LLM stream failed: %s; answering extractively", e.toString());
                    return extractive.stream(request);
                });
    }
}
