package dev.persona.chat.service.history;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.persona.chat.domain.Citation;
import dev.persona.chat.service.generation.GenerationRequest;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Conversation history in {@code chat_sessions} and {@code chat_messages}. Every query filters by owner and
 * persona; a session id alone never reaches another owner's data.
 */
@ApplicationScoped
public class ChatHistory {
    public static final String SESSIONS = "chat_sessions";
    public static final String MESSAGES = "chat_messages";

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    void createIndexes(@Observes StartupEvent event) {
        sessions().createIndex(Indexes.ascending("ownerId", "personaId", "updatedAt"))
                .await().atMost(Duration.ofSeconds(30));
        messages().createIndex(Indexes.ascending("ownerId", "personaId", "sessionId", "createdAt"))
                .await().atMost(Duration.ofSeconds(30));
        messages().createIndex(Indexes.ascending("createdAt"), new IndexOptions().name("retention"))
                .await().atMost(Duration.ofSeconds(30));
    }

    /** The session to append to: the given one if it belongs to this owner and persona, else 404; or a new one. */
    public Uni<String> openSession(String ownerId, String personaId, String sessionId, String firstMessage) {
        if (sessionId == null) {
            String id = UUID.randomUUID().toString();
            Date now = new Date();
            Document session = new Document("_id", id).append("ownerId", ownerId).append("personaId", personaId)
                    .append("sessionId", id).append("title", title(firstMessage)).append("createdAt", now)
                    .append("updatedAt", now).append("messageCount", 0);
            return sessions().insertOne(session).replaceWith(id);
        }
        return sessions().find(scope(ownerId, personaId, Filters.eq("_id", sessionId))).collect().first()
                .onItem().ifNull().failWith(() -> ApiException.notFound(ErrorCodes.NOT_FOUND, "No such session."))
                .replaceWith(sessionId);
    }

    /** Stores the question and its answer; returns the answer's message id (its audio is addressed by it). */
    public Uni<String> append(String ownerId, String personaId, String sessionId, String question, String answer,
            List<Citation> citations, String generator) {
        Date now = new Date();
        Date after = new Date(now.getTime() + 1);
        Document user = message(ownerId, personaId, sessionId, "user", question, now);
        Document assistant = message(ownerId, personaId, sessionId, "assistant", answer, after)
                .append("citations", citations.stream().map(Citation::toDocument).toList())
                .append("generator", generator);
        return messages().insertMany(List.of(user, assistant))
                .flatMap(r -> sessions().updateOne(scope(ownerId, personaId, Filters.eq("_id", sessionId)),
                        Updates.combine(Updates.set("updatedAt", after), Updates.inc("messageCount", 2))))
                .replaceWith(assistant.getString("_id"));
    }

    /** One of the persona's answers to this owner, or null when there is none (another owner's included). */
    public Uni<Document> answer(String ownerId, String personaId, String messageId) {
        return messages().find(scope(ownerId, personaId, Filters.and(Filters.eq("_id", messageId),
                Filters.eq("role", "assistant")))).collect().first();
    }

    public Uni<List<Document>> sessions(String ownerId, String personaId) {
        return sessions().find(scope(ownerId, personaId, null),
                new io.quarkus.mongodb.FindOptions().sort(Sorts.descending("updatedAt")).limit(500))
                .collect().asList();
    }

    public Uni<List<Document>> messages(String ownerId, String personaId, String sessionId) {
        Bson extra = sessionId == null ? null : Filters.eq("sessionId", sessionId);
        return messages().find(scope(ownerId, personaId, extra),
                new io.quarkus.mongodb.FindOptions().sort(Sorts.ascending("createdAt")).limit(5000))
                .collect().asList();
    }

    /** The last turns of a session, oldest first, for LLM context. */
    public Uni<List<GenerationRequest.Turn>> recentTurns(String ownerId, String personaId, String sessionId, int turns) {
        if (turns <= 0) {
            return Uni.createFrom().item(List.of());
        }
        return messages().find(scope(ownerId, personaId, Filters.eq("sessionId", sessionId)),
                new io.quarkus.mongodb.FindOptions().sort(Sorts.descending("createdAt")).limit(turns))
                .map(d -> new GenerationRequest.Turn(d.getString("role"), d.getString("content")))
                .collect().asList().map(list -> {
                    List<GenerationRequest.Turn> ordered = new ArrayList<>(list);
                    java.util.Collections.reverse(ordered);
                    return ordered;
                });
    }

    /** Deletes one session's history, or all of a persona's; returns the number of messages removed. */
    public Uni<Long> delete(String ownerId, String personaId, String sessionId) {
        Bson messageFilter = scope(ownerId, personaId, sessionId == null ? null : Filters.eq("sessionId", sessionId));
        Bson sessionFilter = scope(ownerId, personaId, sessionId == null ? null : Filters.eq("_id", sessionId));
        return messages().deleteMany(messageFilter).flatMap(
                removed -> sessions().deleteMany(sessionFilter).map(s -> removed.getDeletedCount()));
    }

    public Uni<Boolean> sessionExists(String ownerId, String personaId, String sessionId) {
        return sessions().find(scope(ownerId, personaId, Filters.eq("_id", sessionId))).collect().first()
                .map(d -> d != null);
    }

    /** Retention: removes messages and idle sessions older than the cut-off, across all owners. */
    public Uni<Long> deleteOlderThan(Instant cutoff) {
        Date date = Date.from(cutoff);
        return messages().deleteMany(Filters.lt("createdAt", date)).flatMap(
                m -> sessions().deleteMany(Filters.lt("updatedAt", date)).map(s -> m.getDeletedCount()));
    }

    private static Bson scope(String ownerId, String personaId, Bson extra) {
        Bson base = Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId));
        return extra == null ? base : Filters.and(base, extra);
    }

    private static Document message(String ownerId, String personaId, String sessionId, String role, String content,
            Date at) {
        return new Document("_id", UUID.randomUUID().toString()).append("ownerId", ownerId)
                .append("personaId", personaId).append("sessionId", sessionId).append("role", role)
                .append("content", content).append("createdAt", at);
    }

    private static String title(String message) {
        String t = message.strip().replaceAll("\\s+", " ");
        return t.length() <= 80 ? t : t.substring(0, 77) + "...";
    }

    private ReactiveMongoCollection<Document> sessions() {
        return mongo.getDatabase(database).getCollection(SESSIONS);
    }

    private ReactiveMongoCollection<Document> messages() {
        return mongo.getDatabase(database).getCollection(MESSAGES);
    }
}
