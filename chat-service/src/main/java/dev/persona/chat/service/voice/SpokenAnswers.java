package dev.persona.chat.service.voice;

import dev.persona.chat.config.ChatConfig;
import dev.persona.chat.domain.Citation;
import dev.persona.common.audio.PcmAudio;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Audio made for a persona, kept (with an expiry) so that asking for it again costs nothing: a stored answer
 * spoken, and text spoken by the synthesised voice. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class SpokenAnswers {

    @Inject
    AnswerAudio answers;

    @Inject
    GeneratedAudioStore store;

    @Inject
    ChatConfig config;

    /** The answer with id {@code messageId} spoken, made now unless it was made before. */
    public byte[] answerWav(String ownerId, String personaId, String personaName, String messageId, String answer,
            List<Citation> citations) {
        String audioId = "message-" + messageId;
        byte[] wav = store.find(ownerId, personaId, audioId);
        return wav != null ? wav
                : keep(ownerId, personaId, audioId, answers.speak(ownerId, personaId, personaName, answer, citations));
    }

    /** Stored audio by id, or null. */
    public byte[] find(String ownerId, String personaId, String audioId) {
        return store.find(ownerId, personaId, audioId);
    }

    /** Stores {@code audio} (cut to the longest allowed) under {@code audioId} until it expires; returns the wav. */
    public byte[] keep(String ownerId, String personaId, String audioId, PcmAudio audio) {
        int max = config.voice().maxAudioSeconds() * audio.sampleRate();
        PcmAudio bounded = audio.samples().length <= max ? audio
                : new PcmAudio(Arrays.copyOf(audio.samples(), max), audio.sampleRate());
        byte[] wav = WavCodec.write(bounded);
        store.put(ownerId, personaId, audioId, wav, Instant.now().plus(config.voice().retention()));
        return wav;
    }
}
