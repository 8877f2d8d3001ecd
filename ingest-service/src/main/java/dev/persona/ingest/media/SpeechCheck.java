package dev.persona.ingest.media;

import dev.persona.media.DecodedAudio;
import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.VadConfig;
import dev.persona.common.audio.VadSettings;
import dev.persona.common.audio.VoiceActivityDetector;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Refuses recordings without speech, using the same voice activity detector and settings ({@code persona.vad.*}) as
 * transcribe-service: an upload accepted here is one in which transcription will find something to recognise.
 */
@ApplicationScoped
public class SpeechCheck {
    private final VadSettings settings;
    private final VoiceActivityDetector detector;

    @Inject
    public SpeechCheck(VadConfig config) {
        this(VadSettings.from(config));
    }

    public SpeechCheck(VadSettings settings) {
        this.settings = settings;
        this.detector = new VoiceActivityDetector(settings);
    }

    /** Returns what the detector found; throws 422 no-speech when it found no speech region at all. */
    public VoiceActivityDetector.Result requireSpeech(DecodedAudio audio) {
        VoiceActivityDetector.Result result = detector.detect(new PcmAudio(audio.samples(), DecodedAudio.SAMPLE_RATE));
        if (result.regions().isEmpty()) {
            throw new ApiException(422, ErrorCodes.NO_SPEECH, "No speech", noSpeechDetail(audio, result));
        }
        return result;
    }

    private String noSpeechDetail(DecodedAudio audio, VoiceActivityDetector.Result result) {
        return String.format(Locale.ROOT,
                "No speech was found in the %.1f s recording: nothing rose above %.1f dBFS for %.2f s or more "
                        + "(its noise floor is %.1f dBFS). Silence, low noise and short clicks are not speech.",
                audio.durationSec(), result.thresholds().onDb(), settings.minSpeechSec(),
                result.thresholds().floorDb());
    }
}
