package dev.persona.chat.service.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.chat.config.ChatConfig;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.speech.Transcription;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * transcribe-service's {@code POST /transcriptions}, called with the user's own token and the audio exactly as the
 * user sent it (same content type), so it is decoded and checked where every other audio is. Its refusals of the
 * audio (4xx problem+json: unsupported format, no speech, too long) reach the user unchanged; when it cannot answer
 * (down, failing, too slow, busy) the user gets 503 and may ask again.
 */
@ApplicationScoped
public class TranscribeClient {
    /** Answers are a few kilobytes of JSON; anything far larger is not transcribe-service talking. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    @Inject
    ChatConfig config;

    @Inject
    ObjectMapper json;

    private HttpClient http;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Fails with {@link ApiException}: the transcriber's own refusal (4xx), or 503 when it could not answer. */
    @Timeout(value = 45, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = Refused.class)
    public Uni<Transcription> transcribe(String bearerToken, String contentType, byte[] audio, String language) {
        String query = language == null || language.isBlank() ? ""
                : "?language=" + java.net.URLEncoder.encode(language, java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.voiceChat().transcribeUrl()
                        .replaceAll("/+$", "") + "/transcriptions" + query))
                .header("Authorization", "Bearer " + bearerToken)
                .header("Content-Type", contentType == null || contentType.isBlank() ? "application/octet-stream"
                        : contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()))
                .map(this::read)
                .onFailure(f -> !(f instanceof ApiException)).transform(f -> unavailable());
    }

    private Transcription read(HttpResponse<java.io.InputStream> response) {
        byte[] body;
        try (var in = response.body()) {
            body = in.readNBytes(MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            throw unavailable();
        }
        int status = response.statusCode();
        try {
            if (status == 200) {
                return json.readValue(body, Transcription.class);
            }
            if (status >= 400 && status < 500 && status != 401 && status != 429) {
                JsonNode problem = json.readTree(body);
                throw new Refused(status, problem.path("code").asText(ErrorCodes.BAD_REQUEST),
                        problem.path("title").asText("Audio refused"), problem.path("detail").asText(""));
            }
        } catch (IOException e) {
            throw unavailable();
        }
        throw unavailable();
    }

    /** 503 with Retry-After: the question could not be transcribed now (also when the circuit is open or timed out). */
    public static ApiException unavailable() {
        return new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Speech recognition unavailable",
                "The question could not be transcribed just now; ask again in a moment.", Map.of("Retry-After", "5"));
    }

    /** The audio itself was refused: the user's to fix, and no sign that transcribe-service is unwell. */
    public static final class Refused extends ApiException {
        Refused(int status, String code, String title, String detail) {
            super(status, code, title, detail);
        }
    }
}
