package dev.persona.chat.service.voice;

import dev.persona.chat.config.ChatConfig;
import dev.persona.chat.domain.Citation;
import dev.persona.chat.service.generation.FirstPersonRewriter;
import dev.persona.common.audio.PcmAudio;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An answer spoken: each sentence it used, in the order the answer tells them. A sentence from a recording is the
 * person's own voice, cut from the recording at its seconds with short fades; a sentence from a document (or one
 * whose recording's audio is gone) is spoken by the synthesised voice, retold in first person as the answer does.
 * An answer that cites nothing (a refusal) is spoken whole by the synthesised voice. Sentences are joined with a
 * short pause.
 */
@ApplicationScoped
public class AnswerAudio {

    @Inject
    RecordingAudio recordings;

    @Inject
    SpeechSynthesiser speech;

    @Inject
    VoiceProfiles profiles;

    @Inject
    ChatConfig config;

    public PcmAudio speak(String ownerId, String personaId, String personaName, String answer,
            List<Citation> citations) {
        int rate = OfflineVoice.RATE;
        ChatConfig.Voice v = config.voice();
        int maxSamples = v.maxAudioSeconds() * rate;
        int pause = (int) (v.pause().toMillis() * rate / 1000);
        if (citations.isEmpty()) {
            return Clips.join(List.of(synthesised(ownerId, personaId, answer)), pause, rate, maxSamples);
        }
        FirstPersonRewriter rewriter = new FirstPersonRewriter(personaName == null ? "" : personaName);
        boolean documentNamesPersona = citations.stream().filter(c -> !isRecording(c))
                .anyMatch(c -> rewriter.mentionsPersona(c.text()));
        int fade = (int) (v.fade().toMillis() * rate / 1000);
        Map<String, PcmAudio> loaded = new HashMap<>();
        List<PcmAudio> parts = new ArrayList<>();
        for (Citation c : inAnswerOrder(answer, citations)) {
            PcmAudio recorded = isRecording(c) ? audioOf(ownerId, personaId, c, citations, loaded) : null;
            if (recorded != null && recorded.sampleAt(c.endSec()) > recorded.sampleAt(c.startSec())) {
                parts.add(Clips.cut(recorded, c.startSec(), c.endSec(), fade));
            } else {
                String text = isRecording(c) ? c.text() : rewriter.rewrite(c.text(), documentNamesPersona);
                parts.add(synthesised(ownerId, personaId, text));
            }
        }
        return Clips.join(parts, pause, rate, maxSamples);
    }

    /**
     * Citations come best evidence first; the answer tells its sentences in its own order. Each is placed where its
     * opening words appear in the answer (documents are retold, so their words may differ: they keep their source's
     * order after the rest).
     */
    static List<Citation> inAnswerOrder(String answer, List<Citation> citations) {
        String lower = answer == null ? "" : answer.toLowerCase(Locale.ROOT);
        Comparator<Citation> order = Comparator.comparingInt((Citation c) -> position(lower, c.text()))
                .thenComparing(Citation::sourceId)
                .thenComparingDouble(c -> c.startSec() == null ? 0 : c.startSec());
        return citations.stream().sorted(order).toList();
    }

    private static int position(String answerLower, String text) {
        if (text == null) {
            return Integer.MAX_VALUE;
        }
        String words = text.strip().toLowerCase(Locale.ROOT);
        String opening = words.length() > 24 ? words.substring(0, 24) : words;
        int at = answerLower.indexOf(opening);
        return at < 0 ? Integer.MAX_VALUE : at;
    }

    /** The recording's audio up to the last of its cited sentences, loaded once per answer. */
    private PcmAudio audioOf(String ownerId, String personaId, Citation c, List<Citation> all,
            Map<String, PcmAudio> loaded) {
        return loaded.computeIfAbsent(c.sourceId(), id -> {
            double last = all.stream().filter(x -> id.equals(x.sourceId()) && x.endSec() != null)
                    .mapToDouble(Citation::endSec).max().orElse(0);
            return recordings.upTo(ownerId, personaId, id, last);
        });
    }

    private PcmAudio synthesised(String ownerId, String personaId, String text) {
        return speech.speak(ownerId, personaId, text, profiles.profile(ownerId, personaId));
    }

    private static boolean isRecording(Citation c) {
        return "recording".equals(c.kind()) && c.startSec() != null && c.endSec() != null;
    }
}
