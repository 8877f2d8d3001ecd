package dev.persona.bench.grounding.corpus;

import java.util.List;

/**
 * One question put to a persona. Answerable ones name the source and the sentences that hold the answer;
 * unanswerable ones say whether they are a near miss (the topic is in the corpus, the asked fact is not) or plainly
 * outside it.
 *
 * @param sentences zero-based indices into the source's sentences (for documents: body lines)
 * @param unanswerable {@value #NEAR_MISS} or {@value #OUT_OF_CORPUS}; null when answerable
 * @param why for near misses, what the corpus does and does not say
 */
public record Question(String ask, String source, List<Integer> sentences, String unanswerable, String why) {
    public static final String NEAR_MISS = "near-miss";
    public static final String OUT_OF_CORPUS = "out-of-corpus";

    public Question {
        sentences = sentences == null ? List.of() : List.copyOf(sentences);
    }

    public boolean answerable() {
        return unanswerable == null;
    }

    /** "answerable", "near-miss" or "out-of-corpus". */
    public String kind() {
        return answerable() ? "answerable" : unanswerable;
    }
}
