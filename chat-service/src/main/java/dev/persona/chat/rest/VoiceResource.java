package dev.persona.chat.rest;

import dev.persona.chat.domain.Citation;
import dev.persona.chat.service.history.ChatHistory;
import dev.persona.chat.service.limits.ChatRateLimiter;
import dev.persona.chat.service.voice.SpeechSynthesiser;
import dev.persona.chat.service.voice.SpokenAnswers;
import dev.persona.chat.service.voice.VoiceProfile;
import dev.persona.chat.service.voice.VoiceProfiles;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.CurrentOwner;
import dev.persona.common.security.PersonaOwnershipGuard;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The persona's voice: answers spoken (recorded clips, synthesis for the rest), text spoken, the measured voice. */
@Path("/personas/{id}")
@Authenticated
@Blocking
@Tag(name = "voice")
public class VoiceResource {
    private static final String WAV = "audio/wav";
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    CurrentOwner owner;

    @Inject
    PersonaOwnershipGuard guard;

    @Inject
    ChatRateLimiter limiter;

    @Inject
    InputRules rules;

    @Inject
    ChatHistory history;

    @Inject
    SpokenAnswers spoken;

    @Inject
    SpeechSynthesiser speech;

    @Inject
    VoiceProfiles profiles;


    @GET
    @Path("/chat/messages/{messageId}/audio")
    @Produces(WAV)
    @Operation(summary = "The answer spoken: the cited recordings' own audio, synthesised voice for the rest")
    public Response answerAudio(@PathParam("id") String personaId, @PathParam("messageId") String messageId) {
        String ownerId = owner.id();
        Document persona = guard.requireActive(ownerId, personaId).await().atMost(LOOKUP_TIMEOUT);
        Document message = rules.plausibleMessageId(messageId)
                ? history.answer(ownerId, personaId, messageId).await().atMost(LOOKUP_TIMEOUT) : null;
        if (message == null) {
            throw ApiException.notFound(ErrorCodes.NOT_FOUND, "No such answer.");
        }
        List<Document> raw = message.getList("citations", Document.class);
        List<Citation> citations = raw == null ? List.of() : raw.stream().map(Citation::fromDocument).toList();
        byte[] wav = spoken.answerWav(ownerId, personaId, persona.getString("name"), messageId,
                message.getString("content"), citations);
        return Response.ok(wav, WAV).build();
    }

    @POST
    @Path("/speech")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(WAV)
    @Operation(summary = "Text spoken in the persona's synthesised voice (pitch and rate measured on their recordings)")
    public Response speak(@PathParam("id") String personaId, SpeechRequest body) {
        String ownerId = owner.id();
        String text = rules.speechText(body == null ? null : body.text());
        limiter.acquire(ownerId);
        guard.requireActive(ownerId, personaId).await().atMost(LOOKUP_TIMEOUT);
        VoiceProfile profile = profiles.profile(ownerId, personaId);
        String audioId = "speech-" + sha256(personaId + "\n" + profile + "\n" + text);
        byte[] wav = spoken.find(ownerId, personaId, audioId);
        if (wav == null) {
            wav = spoken.keep(ownerId, personaId, audioId, speech.speak(ownerId, personaId, text, profile));
        }
        return Response.ok(wav, WAV).build();
    }

    @GET
    @Path("/voice")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The persona's voice as measured on their recordings: median pitch and speaking rate")
    public VoiceProfile voice(@PathParam("id") String personaId) {
        String ownerId = owner.id();
        guard.requireActive(ownerId, personaId).await().atMost(LOOKUP_TIMEOUT);
        return profiles.profile(ownerId, personaId);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
