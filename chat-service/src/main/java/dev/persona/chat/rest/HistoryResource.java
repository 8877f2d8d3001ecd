package dev.persona.chat.rest;

import dev.persona.chat.domain.Citation;
import dev.persona.chat.service.history.ChatHistory;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.CurrentOwner;
import dev.persona.common.security.PersonaOwnershipGuard;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/personas/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "chat history")
public class HistoryResource {

    @Inject
    CurrentOwner owner;

    @Inject
    PersonaOwnershipGuard guard;

    @Inject
    ChatHistory history;

    @Inject
    InputRules rules;

    public record SessionView(String sessionId, String title, Instant createdAt, Instant updatedAt, int messageCount) {
        static SessionView of(Document d) {
            return new SessionView(d.getString("_id"), d.getString("title"), instant(d.getDate("createdAt")),
                    instant(d.getDate("updatedAt")), d.get("messageCount") instanceof Number n ? n.intValue() : 0);
        }
    }

    /** {@code audioUrl}: the spoken answer, on the persona's answers only. */
    public record MessageView(String id, String sessionId, String role, String content, List<Citation> citations,
            Instant createdAt, String audioUrl) {
        static MessageView of(Document d) {
            List<Document> raw = d.getList("citations", Document.class);
            String id = d.getString("_id");
            return new MessageView(id, d.getString("sessionId"), d.getString("role"),
                    d.getString("content"), raw == null ? List.of() : raw.stream().map(Citation::fromDocument).toList(),
                    instant(d.getDate("createdAt")),
                    "assistant".equals(d.getString("role")) ? ChatResponse.audioUrl(d.getString("personaId"), id) : null);
        }
    }

    public record HistoryView(String personaId, String sessionId, List<MessageView> messages) {
    }

    @GET
    @Path("/sessions")
    @Operation(summary = "The caller's chat sessions with this persona, most recent first")
    public Uni<List<SessionView>> sessions(@PathParam("id") String personaId) {
        String ownerId = owner.id();
        return guard.requireActive(ownerId, personaId).flatMap(p -> history.sessions(ownerId, personaId))
                .map(list -> list.stream().map(SessionView::of).toList());
    }

    @GET
    @Path("/history")
    @Operation(summary = "Messages of one session (?sessionId=) or of all sessions, oldest first")
    public Uni<HistoryView> history(@PathParam("id") String personaId, @QueryParam("sessionId") String sessionId) {
        String ownerId = owner.id();
        String session = rules.sessionId(sessionId);
        return requireOwnedScope(ownerId, personaId, session)
                .flatMap(x -> history.messages(ownerId, personaId, session))
                .map(list -> new HistoryView(personaId, session, list.stream().map(MessageView::of).toList()));
    }

    @DELETE
    @Path("/history")
    @Operation(summary = "Delete one session's history (?sessionId=) or all history with this persona")
    public Uni<Response> delete(@PathParam("id") String personaId, @QueryParam("sessionId") String sessionId) {
        String ownerId = owner.id();
        String session = rules.sessionId(sessionId);
        return requireOwnedScope(ownerId, personaId, session)
                .flatMap(x -> history.delete(ownerId, personaId, session))
                .map(removed -> Response.noContent().build());
    }

    /** The persona must be the caller's and, when a session is named, so must the session. */
    private Uni<Void> requireOwnedScope(String ownerId, String personaId, String session) {
        return guard.requireActive(ownerId, personaId)
                .flatMap(p -> session == null ? Uni.createFrom().voidItem() : requireSession(ownerId, personaId, session));
    }

    private Uni<Void> requireSession(String ownerId, String personaId, String sessionId) {
        return history.sessionExists(ownerId, personaId, sessionId).invoke(exists -> {
            if (!exists) {
                throw ApiException.notFound(ErrorCodes.NOT_FOUND, "No such session.");
            }
        }).replaceWithVoid();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
