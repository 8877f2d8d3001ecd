package dev.persona.chat.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.chat.service.ChatService;
import dev.persona.chat.service.history.ChatHistory;
import dev.persona.chat.service.limits.ChatRateLimiter;
import dev.persona.chat.service.style.StyleProfile;
import dev.persona.chat.service.style.StyleService;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.CurrentOwner;
import dev.persona.common.security.PersonaOwnershipGuard;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/personas/{id}")
@Authenticated
@Tag(name = "chat")
public class ChatResource {
    /** Embedding the question and, on a miss, loading the persona's index (which has its own 2 min limit). */
    private static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(3);

    @Inject
    CurrentOwner owner;

    @Inject
    PersonaOwnershipGuard guard;

    @Inject
    ChatRateLimiter limiter;

    @Inject
    InputRules rules;

    @Inject
    ChatService chat;

    @Inject
    StyleService styles;

    @Inject
    ChatHistory history;

    @Inject
    ObjectMapper json;

    @POST
    @Path("/chat")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask the persona; the answer is grounded in their own words, with citations")
    public Uni<ChatResponse> chat(@PathParam("id") String personaId, ChatRequest body) {
        String ownerId = owner.id();
        ChatRequest request = validate(body);
        limiter.acquire(ownerId);
        return guard.requireActive(ownerId, personaId)
                .flatMap(persona -> history.openSession(ownerId, personaId, request.sessionId(), request.message())
                        .flatMap(session -> chat.prepare(ownerId, persona, session, request.message(), null)))
                .flatMap(chat::answerWhole)
                .map(f -> ChatResponse.of(personaId, f.answer(), f.sessionId(), f.citations(), f.timings(),
                        f.messageId()));
    }

    @POST
    @Path("/chat/stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "Ask the persona; server-sent events: token..., citations, done")
    public Multi<OutboundSseEvent> stream(@PathParam("id") String personaId, ChatRequest body, @Context Sse sse) {
        String ownerId = owner.id();
        ChatRequest request = validate(body);
        limiter.acquire(ownerId);
        // Checked before the stream opens, so a foreign persona or session is a plain 404 response.
        Document persona = guard.requireActive(ownerId, personaId).await().atMost(Duration.ofSeconds(10));
        String session = history.openSession(ownerId, personaId, request.sessionId(), request.message())
                .await().atMost(Duration.ofSeconds(10));
        // Retrieval too, so that a persona that cannot be searched (e.g. 503, index larger than the memory budget)
        // is a problem+json response rather than a stream that breaks before its first event.
        ChatService.Prepared prepared = chat.prepare(ownerId, persona, session, request.message(), null)
                .await().atMost(PREPARE_TIMEOUT);
        return chat.answer(prepared)
                .onItem().transformToIterable(event -> {
                    if (event instanceof ChatService.Token t) {
                        return java.util.List.of(sse.newEventBuilder().name("token").data(t.text()).build());
                    }
                    ChatService.Finished f = (ChatService.Finished) event;
                    return java.util.List.of(
                            sse.newEventBuilder().name("citations").mediaType(MediaType.APPLICATION_JSON_TYPE)
                                    .data(toJson(f.citations())).build(),
                            sse.newEventBuilder().name("done").mediaType(MediaType.APPLICATION_JSON_TYPE)
                                    .data(toJson(Map.of("sessionId", f.sessionId(), "answer", f.answer(),
                                            "timings", f.timings(), "messageId", f.messageId(),
                                            "audioUrl", ChatResponse.audioUrl(personaId, f.messageId()))))
                                    .build());
                });
    }

    @GET
    @Path("/style")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How the persona talks, measured on their own corpus")
    public Uni<StyleProfile> style(@PathParam("id") String personaId) {
        String ownerId = owner.id();
        return guard.requireActive(ownerId, personaId).flatMap(p -> styles.style(ownerId, personaId));
    }

    private ChatRequest validate(ChatRequest body) {
        if (body == null) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "A JSON body with 'message' is required.");
        }
        return new ChatRequest(rules.message(body.message(), "message"), rules.sessionId(body.sessionId()));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
