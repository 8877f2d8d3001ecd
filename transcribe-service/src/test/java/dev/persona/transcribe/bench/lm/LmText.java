package dev.persona.transcribe.bench.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Written or recognised text as the recogniser's vocabulary spells it: sentences of lower-case words, apostrophes
 * inside words kept ("i'm", "don't"), hyphenated words split ("twenty-eight" is "twenty eight"), everything else
 * dropped. Words with digits are dropped too (the en-us model spells numbers out), and a sentence is cut there, so
 * no bigram spans a dropped word.
 */
public final class LmText {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])[\"')\\]\\u201D]*\\s+|\\R+");
    private static final Pattern TOKEN_SPLIT = Pattern.compile("[\\s\\-\\u2013\\u2014/]+");

    private LmText() {
    }

    /** Sentences, each a list of fragments (runs of usable words); usually one fragment per sentence. */
    public static List<List<String>> sentences(String text) {
        List<List<String>> out = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(text)) {
            List<String> words = new ArrayList<>();
            for (String raw : TOKEN_SPLIT.split(sentence.strip())) {
                String w = word(raw);
                if (w == null) {
                    words.add(null);
                } else if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            if (words.stream().anyMatch(w -> w != null)) {
                out.add(words);
            }
        }
        return out;
    }

    /**
     * The token as a vocabulary word: "" when it was only punctuation (ignored), null when it cannot be one (cuts the
     * sentence).
     */
    static String word(String raw) {
        String t = raw.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'');
        if (t.chars().anyMatch(Character::isDigit) || t.contains("@") || t.contains("://")) {
            return null;
        }
        t = t.replaceAll("[^\\p{L}']+", "");
        t = t.replaceAll("^'+|'+$", "");
        return t;
    }

    /** Splits a space-separated recogniser hypothesis into one sentence. */
    public static List<String> hypothesis(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }
}
