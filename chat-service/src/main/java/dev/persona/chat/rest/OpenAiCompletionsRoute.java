package dev.persona.chat.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.chat.service.ChatService;
import dev.persona.chat.service.generation.GenerationRequest;
import dev.persona.chat.service.limits.ChatRateLimiter;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.PersonaOwnershipGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code POST /v1/chat/completions}, OpenAI-compatible: {@code model} is the persona id, the bearer token is the
 * user's JWT, and {@code stream: true} answers with {@code data: {chunk}} lines and {@code data: [DONE]}. The
 * conversation is whatever the client sends (OpenAI's API is stateless), so nothing is stored in history.
 * <p>
 * A Vert.x route rather than a JAX-RS method because one request returns either JSON or an event stream depending
 * on its body, with OpenAI's exact {@code data: } framing; it applies the same JWT verification, ownership check,
 * limits and problem+json errors as the other routes. The token and content type are checked by
 * {@link RequestGate} before the body is read; the conversation is bounded as a whole ({@code persona.chat.openai.*}),
 * not only its last message.
 */
@ApplicationScoped
public class OpenAiCompletionsRoute {
    private static final Logger LOG = Logger.getLogger(OpenAiCompletionsRoute.class);
    public static final String PATH = "/v1/chat/completions";

    @Inject
    VertxProblems problems;

    @Inject
    PersonaOwnershipGuard guard;

    @Inject
    ChatRateLimiter limiter;

    @Inject
    InputRules rules;

    @Inject
    ChatService chat;

    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        // RequestGate has verified the token and the JSON content type, and read the body into memory (never to
        // disk, at most quarkus.http.limits.max-body-size), before this handler runs.
        router.post(PATH).handler(this::handle);
    }

    private record Ask(String ownerId, String model, String question, List<GenerationRequest.Turn> history,
            boolean stream) {
    }

    void handle(RoutingContext ctx) {
        // Parsing, token verification and validation are cheap but may throw: do them off the event loop anyway.
        Uni.createFrom().item(() -> parse(ctx)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(ask -> guard.requireActive(ask.ownerId(), ask.model())
                        .flatMap(persona -> chat.prepare(ask.ownerId(), persona, null, ask.question(), ask.history()))
                        .map(prepared -> {
                            respond(ctx, ask, prepared);
                            return prepared;
                        }))
                .subscribe().with(ok -> {
                }, failure -> problem(ctx, failure));
    }

    private Ask parse(RoutingContext ctx) {
        String ownerId = RequestGate.owner(ctx);
        if (ownerId == null) {
            throw ApiException.unauthorized(ErrorCodes.UNAUTHORIZED, "A valid bearer token is required.");
        }
        JsonNode body;
        try {
            body = ctx.body() == null || ctx.body().buffer() == null ? null : json.readTree(ctx.body().buffer().getBytes());
        } catch (IOException e) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "The request body is not valid JSON.");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(ErrorCodes.MALFORMED_JSON, "A JSON object body is required.");
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "'model' must be a persona id (a string).");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "'messages' must be a non-empty array.");
        }
        rules.conversationSize(messages.size());
        long characters = 0;
        List<GenerationRequest.Turn> turns = new ArrayList<>();
        for (JsonNode m : messages) {
            characters += contentLength(m.get("content"));
            rules.conversationLength(characters);
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "Each message needs a string 'role'.");
            }
            String role = m.get("role").asText().toLowerCase(Locale.ROOT);
            if (role.equals("user") || role.equals("assistant")) {
                turns.add(new GenerationRequest.Turn(role, text(m.get("content"))));
            }
        }
        if (turns.isEmpty() || !turns.get(turns.size() - 1).role().equals("user")) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "The last message must come from the user.");
        }
        String question = rules.message(turns.remove(turns.size() - 1).content(), "messages[].content");
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "'stream' must be a boolean.");
        }
        limiter.acquire(ownerId);
        int keep = Math.min(turns.size(), 6);
        return new Ask(ownerId, model.asText(), question, List.copyOf(turns.subList(turns.size() - keep, turns.size())),
                stream != null && stream.asBoolean());
    }

    /** Characters of a message's text, whatever its role (system and tool messages count towards the bound). */
    private static long contentLength(JsonNode content) {
        if (content == null) {
            return 0;
        }
        if (content.isTextual()) {
            return content.asText().length();
        }
        long length = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                length += part.path("text").isTextual() ? part.get("text").asText().length() : 0;
            }
        }
        return length;
    }

    /** Message content is a string or an array of parts ({@code {"type":"text","text":...}}); nothing else. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isObject() && "text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    s.append(s.length() > 0 ? "\n" : "").append(part.get("text").asText());
                } else {
                    throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "Only text content parts are supported.");
                }
            }
            return s.toString();
        }
        throw ApiException.badRequest(ErrorCodes.INVALID_FIELD,
                "'content' must be a string or text parts; operators and objects are not accepted.");
    }

    private void respond(RoutingContext ctx, Ask ask, ChatService.Prepared prepared) {
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        HttpServerResponse response = ctx.response();
        if (!ask.stream()) {
            chat.answerWhole(prepared).subscribe().with(finished -> {
                ObjectNode body = envelope(id, created, ask.model(), "chat.completion");
                ObjectNode choice = body.putArray("choices").addObject();
                choice.put("index", 0);
                choice.putObject("message").put("role", "assistant").put("content", finished.answer());
                choice.put("finish_reason", "stop");
                int promptTokens = approxTokens(ask.question());
                int completionTokens = approxTokens(finished.answer());
                body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                        .put("total_tokens", promptTokens + completionTokens);
                body.set("citations", json.valueToTree(finished.citations()));
                response.putHeader("Content-Type", "application/json").end(body.toString());
            }, failure -> problem(ctx, failure));
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        ObjectNode first = chunk(id, created, ask.model());
        ((ObjectNode) first.withArray("choices").get(0)).putObject("delta").put("role", "assistant").put("content", "");
        write(response, first);
        chat.answer(prepared).subscribe().with(event -> {
            if (event instanceof ChatService.Token token) {
                ObjectNode c = chunk(id, created, ask.model());
                ((ObjectNode) c.withArray("choices").get(0)).putObject("delta").put("content", token.text());
                write(response, c);
            } else if (event instanceof ChatService.Finished finished) {
                ObjectNode last = chunk(id, created, ask.model());
                ObjectNode choice = (ObjectNode) last.withArray("choices").get(0);
                choice.putObject("delta");
                choice.put("finish_reason", "stop");
                last.set("citations", json.valueToTree(finished.citations()));
                write(response, last);
            }
        }, failure -> {
            LOG.warnf("Streamed completion failed: %s", failure.toString());
            if (!response.ended()) {
                response.end("data: {\"error\":{\"message\":\"generation failed\",\"type\":\"server_error\"}}\n\n");
            }
        }, () -> {
            if (!response.ended()) {
                response.end("data: [DONE]\n\n");
            }
        });
    }

    private ObjectNode envelope(String id, long created, String model, String object) {
        ObjectNode body = json.createObjectNode();
        body.put("id", id).put("object", object).put("created", created).put("model", model);
        return body;
    }

    private ObjectNode chunk(String id, long created, String model) {
        ObjectNode c = envelope(id, created, model, "chat.completion.chunk");
        ArrayNode choices = c.putArray("choices");
        choices.addObject().put("index", 0).putNull("finish_reason");
        return c;
    }

    private static void write(HttpServerResponse response, ObjectNode chunk) {
        if (!response.ended() && !response.closed()) {
            response.write("data: " + chunk + "\n\n");
        }
    }

    /** Rough usage figures (about four characters a token), since no tokenizer of the caller's model exists here. */
    private static int approxTokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    private void problem(RoutingContext ctx, Throwable failure) {
        problems.fail(ctx, failure);
    }
}
