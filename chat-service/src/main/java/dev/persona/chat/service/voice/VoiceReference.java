package dev.persona.chat.service.voice;

import java.util.List;

/**
 * What a voice needs to sound like the persona: the measured profile and, for cloning providers, a few clips of the
 * persona's own recorded sentences (16 kHz mono wav files; empty when none was asked for or the persona has none).
 */
public record VoiceReference(String personaId, VoiceProfile profile, List<byte[]> clips) {
}
