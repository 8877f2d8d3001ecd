package dev.persona.chat.service.voice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.common.audio.PcmAudio;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code POST {url}/audio/speech} of the OpenAI API ({@code model}, {@code input}, {@code voice},
 * {@code response_format: wav}, {@code speed}), which XTTS-v2 servers and other cloning servers also speak. The persona's
 * reference clips go along as {@code reference_audio} (base64 wav files), the field cloning servers read; servers that
 * choose a voice by name ignore it. The answer must be 16-bit PCM wav, at most {@code maxResponseBytes}; it is brought
 * to 16 kHz mono.
 */
public final class OpenAiSpeechClient implements SpeechVoice {
    /** OpenAI's speed 1.0 is an ordinary pace; the persona's rate is given relative to this many words a minute. */
    private static final double ORDINARY_WORDS_PER_MINUTE = 150;

    public record Settings(String url, Optional<String> apiKey, String model, String voiceName, Duration timeout,
            long maxResponseBytes) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public OpenAiSpeechClient(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public PcmAudio speak(String text, VoiceReference reference) {
        ObjectNode body = json.createObjectNode().put("model", settings.model()).put("input", text)
                .put("voice", settings.voiceName()).put("response_format", "wav")
                .put("speed", Math.max(0.25, Math.min(4.0,
                        reference.profile().wordsPerMinute() / ORDINARY_WORDS_PER_MINUTE)));
        ArrayNode clips = body.putArray("reference_audio");
        reference.clips().forEach(c -> clips.add(Base64.getEncoder().encodeToString(c)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url().replaceAll("/+$", "")
                + "/audio/speech")).timeout(settings.timeout()).header("Content-Type", "application/json")
                .header("Accept", "audio/wav").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new RemoteVoiceException("the speech server answered " + response.statusCode());
                }
                byte[] wav = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxResponseBytes() + 1));
                if (wav.length > settings.maxResponseBytes()) {
                    throw new RemoteVoiceException("the speech server's audio is over " + settings.maxResponseBytes()
                            + " bytes");
                }
                PcmAudio audio = WavCodec.read(wav);
                return new PcmAudio(Resampler.linear(audio.samples(), audio.sampleRate(), OfflineVoice.RATE),
                        OfflineVoice.RATE);
            }
        } catch (IOException e) {
            throw new RemoteVoiceException("the speech server could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteVoiceException("interrupted", e);
        } catch (WavCodec.BadWav e) {
            throw new RemoteVoiceException("the speech server's answer is not 16-bit PCM wav: " + e.getMessage(), e);
        }
    }

    public static final class RemoteVoiceException extends RuntimeException {
        RemoteVoiceException(String message) {
            super(message);
        }

        RemoteVoiceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
