package dev.persona.chat.service.style;

import java.util.List;

/**
 * How a persona talks, measured on their own corpus: typical sentence length, phrases they repeat, how formal they
 * are, and whether they mix languages (e.g. Tamil-English) in script or in romanised words.
 */
public record StyleProfile(int chunksAnalysed, int sentencesAnalysed, double averageSentenceWords,
        List<String> frequentPhrases, String formality, double contractionRate, double firstPersonRate,
        CodeMixing codeMixing) {

    public record CodeMixing(boolean detected, List<String> languages, double nonLatinScriptShare,
            double romanisedLexiconShare, List<String> examples) {
    }

    public static StyleProfile empty() {
        return new StyleProfile(0, 0, 0, List.of(), "unknown", 0, 0,
                new CodeMixing(false, List.of(), 0, 0, List.of()));
    }

    /** A compact description for LLM system prompts. */
    public String describe() {
        if (sentencesAnalysed == 0) {
            return "No style data yet.";
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format("Typical sentence length: about %.0f words. ", averageSentenceWords));
        s.append("Register: ").append(formality).append(". ");
        if (!frequentPhrases.isEmpty()) {
            s.append("Phrases they often use: ").append(String.join(", ", frequentPhrases)).append(". ");
        }
        if (codeMixing.detected()) {
            s.append("They mix ").append(String.join(" and ", codeMixing.languages()))
                    .append(" naturally (for example: ").append(String.join(", ", codeMixing.examples())).append("). ");
        }
        return s.toString().strip();
    }
}
