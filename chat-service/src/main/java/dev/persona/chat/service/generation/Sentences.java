package dev.persona.chat.service.generation;

import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/** Small facts about one sentence; splitting text into sentences is common's {@code SentenceSplitter}. */
public final class Sentences {
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final int HEADING_MAX_WORDS = 8;
    /** A Markdown heading line ("## Notes from the meeting"), however long: the document's own mark of a title. */
    private static final java.util.regex.Pattern MARKDOWN_HEADING = java.util.regex.Pattern.compile("#{1,6}\\s");
    private static final int MIN_CONTENT_WORDS = 2;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

    private Sentences() {
    }

    /** Words and numbers of the sentence, lower case, in order; an apostrophe stays inside its word ("o'clock"). */
    static List<String> lowerCaseWords(String sentence) {
        return WORD.matcher(sentence.toLowerCase(Locale.ROOT)).results().map(MatchResult::group).toList();
    }

    public static int words(String sentence) {
        String s = sentence.strip();
        return s.isEmpty() ? 0 : SPACES.split(s).length;
    }

    /**
     * A title or heading ("Why I still play the violin"): short and without end punctuation. Not something the
     * person said to anyone, so never an answer sentence. Recordings' utterances always end in punctuation.
     */
    static boolean isHeading(String s) {
        String t = s.strip();
        if (MARKDOWN_HEADING.matcher(t).lookingAt()) {
            return true;
        }
        return !t.isEmpty() && !endsSentence(t) && words(t) <= HEADING_MAX_WORDS && !t.endsWith(",");
    }

    /**
     * Says something: at least two distinct content words. A recogniser's fragments ("Ah the.", "Will go.") sit close
     * to every question in embedding space because they mean nothing in particular, so they must never stand as
     * evidence or be added to an answer.
     */
    static boolean isInformative(String s) {
        return new HashSet<>(SpokenTextAnalyzer.PLAIN.terms(s)).size() >= MIN_CONTENT_WORDS;
    }

    static boolean endsSentence(String s) {
        char last = s.charAt(s.length() - 1);
        return ".!?\u0964\"'\u201D)".indexOf(last) >= 0;
    }
}
