package dev.persona.chat.service.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Sentence splitting for transcripts and documents, tolerant of chunks that start or end mid-sentence. */
public final class Sentences {
    private static final Pattern BOUNDARY = Pattern.compile("(?<=[.!?\u0964])[\"'\u201D\u2019)\\]]*\\s+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Documents keep paragraph breaks in chunk text; a paragraph always ends a sentence. */
    private static final Pattern PARAGRAPH = Pattern.compile("\\n[ \\t]*\\n\\s*");
    private static final int HEADING_MAX_WORDS = 8;

    private Sentences() {
    }

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String paragraph : PARAGRAPH.split(text.strip())) {
            for (String part : BOUNDARY.split(SPACES.matcher(paragraph.strip()).replaceAll(" "))) {
                String s = part.strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * Sentences of a chunk that can stand alone: a leading fragment (the chunk window began mid-sentence, so it
     * starts lower case) and a trailing one without end punctuation are dropped when whole sentences remain.
     */
    public static List<String> whole(String text) {
        List<String> parts = split(text);
        List<String> out = new ArrayList<>(parts);
        if (out.size() > 1 && startsMidSentence(out.get(0))) {
            out.remove(0);
        }
        if (out.size() > 1 && !endsSentence(out.get(out.size() - 1))) {
            out.remove(out.size() - 1);
        }
        // Titles and headings ("Why I still play the violin") are not things the person said to someone.
        if (out.stream().anyMatch(s -> !isHeading(s))) {
            out.removeIf(Sentences::isHeading);
        }
        return out;
    }

    static boolean isHeading(String s) {
        return !endsSentence(s) && words(s) <= HEADING_MAX_WORDS && !s.endsWith(",");
    }

    public static int words(String sentence) {
        String s = sentence.strip();
        return s.isEmpty() ? 0 : SPACES.split(s).length;
    }

    static boolean startsMidSentence(String s) {
        int cp = s.codePointAt(0);
        return Character.isLowerCase(cp);
    }

    static boolean endsSentence(String s) {
        char last = s.charAt(s.length() - 1);
        return ".!?\u0964\"'\u201D)".indexOf(last) >= 0;
    }
}
