package dev.persona.transcribe.service;

import dev.persona.common.memory.SpokenWord;
import dev.persona.common.text.Languages;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an utterance's raw recogniser words into a readable sentence without changing a word: sentence case, the
 * English pronoun "I" (recognisers write "i", "i'm"), and end punctuation. Text the engine already punctuated keeps
 * its own marks.
 */
final class SpokenText {
    private static final Pattern LOWER_I = Pattern.compile("(?<![\\p{L}'])i(?=$|[\\s,.!?;:]|'(?:m|ve|ll|d)\\b)");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final java.util.Set<String> QUESTION_OPENERS = java.util.Set.of("what", "where", "when", "why",
            "who", "whom", "whose", "which", "how", "do", "does", "did", "is", "are", "was", "were", "am", "can",
            "could", "will", "would", "should", "shall", "may", "might", "have", "has", "had");

    private SpokenText() {
    }

    static String join(List<SpokenWord> words) {
        StringBuilder text = new StringBuilder();
        for (SpokenWord w : words) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(w.text().strip());
        }
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    static String restore(String raw, String language) {
        String text = raw.strip();
        if (text.isEmpty()) {
            return text;
        }
        if (Languages.isEnglishOrUnknown(language)) {
            text = LOWER_I.matcher(text).replaceAll("I");
        }
        int first = text.codePointAt(0);
        text = new StringBuilder().appendCodePoint(Character.toUpperCase(first))
                .append(text.substring(Character.charCount(first))).toString();
        return endsSentence(text) ? text : trimTrailingComma(text) + ".";
    }

    /**
     * A question asked by voice, punctuated as one: in English an utterance that opens with a question word or an
     * auxiliary verb ("where did you...", "do you...") ends with a question mark rather than a full stop.
     */
    static String asQuestion(String text, String language) {
        if (!Languages.isEnglishOrUnknown(language) || !text.endsWith(".")) {
            return text;
        }
        String first = SPACES.split(text.strip(), 2)[0].toLowerCase(java.util.Locale.ROOT);
        return QUESTION_OPENERS.contains(first) ? text.substring(0, text.length() - 1) + "?" : text;
    }

    static boolean endsSentence(String word) {
        String w = word.strip();
        if (w.isEmpty()) {
            return false;
        }
        char last = w.charAt(w.length() - 1);
        if (last == '"' || last == '\'' || last == '\u201D' || last == ')') {
            return w.length() > 1 && endsSentence(w.substring(0, w.length() - 1));
        }
        return last == '.' || last == '!' || last == '?' || last == '\u3002' || last == '\u0964';
    }

    private static String trimTrailingComma(String text) {
        String t = text;
        while (!t.isEmpty() && (t.endsWith(",") || t.endsWith(";") || t.endsWith(":"))) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t;
    }
}
