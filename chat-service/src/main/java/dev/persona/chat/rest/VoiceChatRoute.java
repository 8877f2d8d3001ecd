package dev.persona.chat.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.chat.config.ChatConfig;
import dev.persona.chat.domain.Timings;
import dev.persona.chat.service.ChatService;
import dev.persona.chat.service.history.ChatHistory;
import dev.persona.chat.service.limits.ChatRateLimiter;
import dev.persona.chat.service.voice.SpokenAnswers;
import dev.persona.chat.service.voice.TranscribeClient;
import dev.persona.common.concurrent.Offload;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.PersonaOwnershipGuard;
import dev.persona.common.speech.Transcription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.bson.Document;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * {@code POST /personas/{id}/voice-chat}: a question asked by voice (multipart/form-data with the audio in a file
 * part named {@code audio}, or the audio as the body), {@code ?sessionId=} to continue a conversation. The question
 * is transcribed on the spot by transcribe-service, answered as a typed question is, and the answer's audio is made
 * before the response, so {@code audioUrl} plays at once.
 * <p>
 * A Vert.x route because the body is audio, not JSON: {@link RequestGate} verifies the token before any byte is read
 * and then leaves the body to this route, which holds it in memory up to {@code persona.chat.voice-chat.max-bytes}
 * and passes it on untouched (never parsed here, never stored).
 */
@ApplicationScoped
public class VoiceChatRoute {
    private static final Pattern PATH = Pattern.compile("^/personas/[^/]+/voice-chat$");

    @Inject
    VertxProblems problems;

    @Inject
    PersonaOwnershipGuard guard;

    @Inject
    ChatRateLimiter limiter;

    @Inject
    InputRules rules;

    @Inject
    ChatHistory history;

    @Inject
    ChatService chat;

    @Inject
    SpokenAnswers spoken;

    @Inject
    TranscribeClient transcriber;

    @Inject
    ChatConfig config;

    @Inject
    ObjectMapper json;

    /** Whether {@code path} (normalised) is this route's: its body is audio, bounded by {@link #maxBytes()}. */
    public static boolean matches(String path) {
        return path != null && PATH.matcher(path).matches();
    }

    public long maxBytes() {
        return config.voiceChat().maxBytes().asLongValue();
    }

    private java.util.concurrent.Semaphore inFlight;

    void register(@Observes Router router) {
        inFlight = new java.util.concurrent.Semaphore(Math.max(1, config.voiceChat().maxConcurrent()));
        router.post("/personas/:id/voice-chat").handler(this::handle);
    }

    private record Question(String ownerId, String personaId, String sessionId, String token, String contentType,
            byte[] audio, long startedNanos) {
    }

    void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        String ownerId = RequestGate.owner(ctx);
        if (ownerId == null) {
            problems.fail(ctx, ApiException.unauthorized(ErrorCodes.UNAUTHORIZED, "A valid bearer token is required."));
            return;
        }
        String sessionId;
        try {
            sessionId = rules.sessionId(ctx.request().getParam("sessionId"));
            limiter.acquire(ownerId);
        } catch (ApiException e) {
            problems.fail(ctx, e);
            return;
        }
        if (!inFlight.tryAcquire()) {
            problems.fail(ctx, new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Busy",
                    "Too many questions asked by voice at once; ask again in a moment.", Map.of("Retry-After", "1")));
            return;
        }
        // Released once, however the request ends (answered, refused, or the client gone).
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        };
        ctx.addEndHandler(v -> release.run());
        readBody(ctx, audio -> answer(ctx, new Question(ownerId, ctx.pathParam("id"), sessionId, bearer(ctx),
                ctx.request().getHeader(HttpHeaders.CONTENT_TYPE), audio, started)));
    }

    /** The body into memory, at most {@link #maxBytes()}; past that the client gets 413 and nothing more is read. */
    private void readBody(RoutingContext ctx, java.util.function.Consumer<byte[]> then) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        AtomicBoolean refused = new AtomicBoolean();
        long limit = maxBytes();
        request.handler(chunk -> {
            if (refused.get()) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused.set(true);
                problems.payloadTooLarge(ctx);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> refused.set(true));
        request.endHandler(v -> {
            if (!refused.get()) {
                then.accept(body.getBytes());
            }
        });
        request.resume();
    }

    private void answer(RoutingContext ctx, Question q) {
        if (q.audio().length == 0) {
            problems.fail(ctx, ApiException.badRequest(ErrorCodes.EMPTY_FILE,
                    "Send the question's audio: multipart/form-data with a file part named 'audio'."));
            return;
        }
        guard.requireActive(q.ownerId(), q.personaId())
                .flatMap(persona -> transcriber.transcribe(q.token(), q.contentType(), q.audio(), null)
                        .onFailure(FaultToleranceException.class).transform(e -> TranscribeClient.unavailable())
                        .flatMap(heard -> answer(q, persona, heard)))
                .subscribe().with(response -> send(ctx, response), failure -> problems.fail(ctx, failure));
    }

    private Uni<VoiceChatResponse> answer(Question q, Document persona, Transcription heard) {
        String question = heard.text();
        if (question == null || question.isBlank()) {
            return Uni.createFrom().failure(new ApiException(422, ErrorCodes.NO_SPEECH, "No speech",
                    "No words were heard in the audio."));
        }
        String text = question.length() > config.maxMessageLength() ? question.substring(0, config.maxMessageLength())
                : question;
        return history.openSession(q.ownerId(), q.personaId(), q.sessionId(), text)
                .flatMap(session -> chat.prepare(q.ownerId(), persona, session, text, null))
                .flatMap(chat::answerWhole)
                .flatMap(finished -> Offload.blocking(() -> {
                    long ttsStart = System.nanoTime();
                    spoken.answerWav(q.ownerId(), q.personaId(), persona.getString("name"), finished.messageId(),
                            finished.answer(), finished.citations());
                    long ttsMs = (System.nanoTime() - ttsStart) / 1_000_000;
                    Timings t = finished.timings();
                    Transcription.Timings s = heard.timings();
                    return new VoiceChatResponse(question, heard.words(), finished.answer(), finished.sessionId(),
                            finished.citations(), finished.citations().isEmpty(), finished.messageId(),
                            ChatResponse.audioUrl(q.personaId(), finished.messageId()),
                            new VoiceChatResponse.Timings(s.decodeMs(), s.vadMs(), s.transcribeMs(),
                                    t.embedMs() + t.searchMs(), t.generateMs(), ttsMs,
                                    (System.nanoTime() - q.startedNanos()) / 1_000_000));
                }));
    }

    private void send(RoutingContext ctx, VoiceChatResponse response) {
        try {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(json.writeValueAsString(response));
        } catch (JsonProcessingException e) {
            problems.fail(ctx, e);
        }
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
    }
}
