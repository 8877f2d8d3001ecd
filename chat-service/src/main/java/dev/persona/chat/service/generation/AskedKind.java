package dev.persona.chat.service.generation;

import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of thing a question asks which one of: "hospital" in "Which hospital do you take patients to?", "soup" in
 * "What kind of soup do you drink?", "camper van" in "What make of camper van...?". A sentence that brings such a
 * thing in with an indefinite article or a quantity ("a flask of soup", "saving for a camper van", "a food
 * magazine named our tart the best") says that there is one, not which one: it would answer "Do you...?", so it does
 * not answer "Which...?". A sentence that tells the thing apart ("tomato soup", "the hospital in Galway", "a van
 * called Betsy", "vegetables like leeks"), speaks of it as already known ("the", "my") or names an instance without
 * the kind's word ("I grow tomatoes" for "What vegetables...?") may answer. A question for what sort ("What kind of
 * soup...?", "What brand of drums...?") asks more: "the drums" or "a flask of soup in the car park" may say which one,
 * but not of what sort. Other questions ask nothing of it.
 */
final class AskedKind {
    private static final String KIND_WORDS = "kinds?|types?|sorts?|makes?|models?|brands?|breeds?|variet(?:y|ies)"
            + "|styles?";
    /** Words after "what" or "which" that ask something other than which one of a kind. */
    private static final Set<String> NOT_A_KIND = Set.of("time", "times", "year", "years", "age", "colour", "color",
            "colours", "colors", "day", "date", "month", "one", "ones", "of", "way", "else", "about", "if", "is", "was",
            "are", "were", "do", "does", "did", "would", "will", "can", "could", "should", "has", "have", "had", "the",
            "your", "a", "an", "my", "his", "her", "their", "our", "you", "he", "she", "they", "we", "i", "it",
            "happened", "happens", "made", "makes", "kept", "keeps", "got", "gets", "brought", "brings");
    private static final String AUXILIARY = "(?:do|does|did|is|are|was|were|would|will|can|could|should|have|has"
            + "|had|might|must)";
    private static final Pattern ASKS_SORT = Pattern.compile("\\b(?:what|which) (?:" + KIND_WORDS + ") of "
            + "(?:the |your |his |her |their |a |an )?([\\p{L}'-]+(?: [\\p{L}'-]+)?)(?= " + AUXILIARY
            + "\\b| (?:you|he|she|they|we|i)\\b|\\s*[?,.]|$)");
    private static final List<Pattern> ASKS_WHICH = List.of(
            ASKS_SORT,
            Pattern.compile("^\\W*which ([\\p{L}'-]+(?: [\\p{L}'-]+)?)(?= " + AUXILIARY + "\\b)"),
            Pattern.compile("^\\W*which ([\\p{L}'-]+(?: [\\p{L}'-]+)?) (?=\\p{L}+(?:ed|s)\\b)"),
            Pattern.compile("^\\W*what ([\\p{L}'-]+(?: [\\p{L}'-]+)?)(?= " + AUXILIARY + "\\b)"));
    /** Words before the thing that bring it in without telling which it is. */
    private static final Set<String> INDEFINITE = Set.of("a", "an", "some", "any", "of", "few", "several", "another");
    /**
     * Words after the thing that go on to tell which it is: a phrase or clause about it ("a problem with the boiler",
     * "a hospital in Galway", "a soup that my mother makes") or examples ("vegetables like leeks").
     */
    private static final Set<String> TELLS_WHICH = Set.of("like", "such", "including", "from", "with", "for", "about",
            "in", "at", "on", "near", "by", "of", "to", "that", "which", "who", "whose", "where");
    /**
     * Of those, the words that go on to tell what sort it is ("soup with lentils", "soup of the day", "drums from
     * Japan"): where it is or what it is for ("a flask of soup in the car park", "the drums in a band") tells which
     * one, not what sort.
     */
    private static final Set<String> TELLS_SORT = Set.of("like", "such", "including", "from", "with", "of", "that",
            "which", "made");
    /**
     * Words before the thing that speak of it as known without saying what sort it is: "the drums" and "my soup"
     * may tell which one, never what kind or brand.
     */
    private static final Set<String> DEFINITE = Set.of("the", "my", "our", "your", "his", "her", "their", "this",
            "that", "these", "those");
    /** "a van called Betsy" names it; "a magazine named our tart the best" is another verb. */
    private static final Set<String> NAMES_IT = Set.of("called", "named", "nicknamed");
    private static final Set<String> ARTICLES = Set.of("a", "an", "the", "my", "our", "your", "his", "her", "their",
            "this", "that", "some", "me", "us", "him", "them", "it");

    /** The kind's words, stemmed as the index stems them: the last is its head ("van" of "camper van"). */
    private final List<String> kind;
    /** Whether the question asks what sort of thing ("What kind of soup", "What brand of drums"), not which one. */
    private final boolean asksSort;

    private AskedKind(List<String> kind, boolean asksSort) {
        this.kind = kind;
        this.asksSort = asksSort;
    }

    static AskedKind in(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        for (Pattern asks : ASKS_WHICH) {
            Matcher m = asks.matcher(q);
            if (m.find() && !NOT_A_KIND.contains(m.group(1).split(" ")[0])) {
                List<String> words = SpokenTextAnalyzer.PLAIN.terms(m.group(1));
                if (!words.isEmpty()) {
                    return new AskedKind(words, asks == ASKS_SORT);
                }
            }
        }
        return new AskedKind(List.of(), false);
    }

    /**
     * Whether the sentence may say which one: false only when it speaks of the kind and every time brings it in
     * without telling which it is.
     */
    boolean toldApartIn(String sentence) {
        if (kind.isEmpty()) {
            return true;
        }
        List<String> words = Sentences.lowerCaseWords(sentence);
        List<String> stems = words.stream().map(AskedKind::stem).toList();
        String head = kind.get(kind.size() - 1);
        boolean mentioned = false;
        for (int at = 0; at < stems.size(); at++) {
            if (stems.get(at).equals(head)) {
                mentioned = true;
                if (!broughtInUntold(words, stems, at)) {
                    return true;
                }
            }
        }
        return !mentioned;
    }

    private boolean broughtInUntold(List<String> words, List<String> stems, int head) {
        int start = head;
        while (start > 0 && kind.contains(stems.get(start - 1))) {
            start--;
        }
        if (start == 0) {
            return false;
        }
        String before = words.get(start - 1);
        if (!INDEFINITE.contains(before) && !(asksSort && DEFINITE.contains(before))) {
            return false;
        }
        if (head + 1 < words.size()) {
            String after = words.get(head + 1);
            if ((asksSort ? TELLS_SORT : TELLS_WHICH).contains(after)) {
                return false;
            }
            if (NAMES_IT.contains(after) && head + 2 < words.size() && !ARTICLES.contains(words.get(head + 2))) {
                return false;
            }
        }
        return true;
    }

    private static String stem(String word) {
        List<String> terms = SpokenTextAnalyzer.PLAIN.terms(word);
        return terms.isEmpty() ? word : terms.get(0);
    }

    /** The kind's words, stemmed; empty when the question asks no "which one". */
    List<String> kind() {
        return kind;
    }
}
