package dev.persona.chat.service.generation;

import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.style.StyleProfile;
import java.util.List;

/**
 * Everything a generator may use to answer: the persona, the question, what was retrieved, the sentences chosen as
 * the answer's evidence (what it cites), and recent turns.
 */
public record GenerationRequest(String personaName, String question, Retrieved retrieved,
        List<UsedSentence> evidence, StyleProfile style, List<Turn> history) {

    /** A past exchange in the session, oldest first. */
    public record Turn(String role, String content) {
    }
}
