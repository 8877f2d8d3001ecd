package dev.persona.chat.service.voice;

import dev.persona.chat.config.ChatConfig;
import dev.persona.common.audio.PcmAudio;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The configured remote cloning provider, with the fault-tolerance policy of this one remote call: a timeout, one
 * retry, and a circuit breaker so a provider that is down is not waited on for every sentence. Callers fall back to
 * the offline voice on any failure ({@link SpeechSynthesiser}).
 */
@ApplicationScoped
public class RemoteVoice {

    @Inject
    ChatConfig config;

    private OpenAiSpeechClient client;

    RemoteVoice() {
    }

    /** A provider given directly (tests); in the application it comes from {@code persona.chat.voice.remote.*}. */
    RemoteVoice(OpenAiSpeechClient client) {
        this.client = client;
    }

    @PostConstruct
    void init() {
        if (client != null) {
            return;
        }
        ChatConfig.Voice.Remote r = config.voice().remote();
        if (r.enabled()) {
            client = new OpenAiSpeechClient(new OpenAiSpeechClient.Settings(r.url().orElseThrow(
                    () -> new IllegalStateException("persona.chat.voice.remote.url is required when the remote voice "
                            + "is enabled")), r.apiKey(), r.model(), r.voiceName(), r.timeout(), r.maxResponseBytes()));
        }
    }

    public boolean enabled() {
        return client != null;
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public PcmAudio speak(String text, VoiceReference reference) {
        if (client == null) {
            throw new IllegalStateException("no remote voice is configured");
        }
        return client.speak(text, reference);
    }
}
