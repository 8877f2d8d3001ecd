package dev.persona.chat.service.voice;

import dev.persona.common.audio.PcmAudio;

/** Something that turns text into speech for a persona: the offline voice, or a remote cloning provider. */
public interface SpeechVoice {

    /** Mono 16-bit speech of {@code text} in the persona's voice; throws when it cannot. */
    PcmAudio speak(String text, VoiceReference reference);
}
