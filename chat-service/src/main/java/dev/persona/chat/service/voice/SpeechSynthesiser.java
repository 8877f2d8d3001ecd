package dev.persona.chat.service.voice;

import dev.persona.chat.config.ChatConfig;
import dev.persona.common.audio.PcmAudio;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Speaks text in a persona's synthesised voice: with the remote cloning provider when one is configured (given
 * clips of the persona's recorded sentences), and with the offline voice tuned to the persona otherwise or when the
 * provider fails or times out.
 */
@ApplicationScoped
public class SpeechSynthesiser {
    private static final Logger LOG = Logger.getLogger(SpeechSynthesiser.class);

    @Inject
    OfflineVoice offline;

    @Inject
    RemoteVoice remote;

    @Inject
    VoiceProfiles profiles;

    @Inject
    RecordingAudio recordings;

    @Inject
    ChatConfig config;

    @Inject
    MeterRegistry meters;

    public PcmAudio speak(String ownerId, String personaId, String text, VoiceProfile profile) {
        if (remote.enabled()) {
            try {
                PcmAudio cloned = remote.speak(text, new VoiceReference(personaId, profile,
                        referenceClips(ownerId, personaId)));
                meters.counter("persona.chat.voice.synthesis", "voice", "remote").increment();
                return cloned;
            } catch (RuntimeException e) {
                LOG.warnf("Remote voice failed (%s); speaking with the offline voice", e.getMessage());
                meters.counter("persona.chat.voice.synthesis", "voice", "offline-fallback").increment();
            }
        }
        return offline.speak(text, new VoiceReference(personaId, profile, List.of()));
    }

    /** The persona's first recorded sentences, up to {@code remote.reference-seconds}, each as its own wav. */
    List<byte[]> referenceClips(String ownerId, String personaId) {
        List<RecordedSentence> sentences = profiles.sentences(ownerId, personaId);
        List<byte[]> clips = new ArrayList<>();
        double budget = sentences.isEmpty() ? 0 : config.voice().remote().referenceSeconds();
        for (RecordedSentence s : sentences) {
            if (budget <= 0) {
                break;
            }
            PcmAudio pcm = recordings.upTo(ownerId, personaId, s.recordingId(), s.endSec());
            if (pcm != null) {
                clips.add(WavCodec.write(Clips.cut(pcm, s.startSec(), s.endSec(), 0)));
                budget -= s.seconds();
            }
        }
        return clips;
    }
}
