package dev.persona.chat.service.generation;

import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A question for how long ("How long have you been singing with the choir?", "How long did the wedding last?"). A
 * sentence answers it only when it says how long (a span of time, a start: "for seven years", "since 2010", "I
 * joined in two thousand and six") and is about what is asked: it shares one of the question's words, stemmed, or
 * refers back to something said before it ("I have lived there for seven years"). A span that is another thing's
 * ("for the first few months" of a new school) is not the choir's.
 */
final class AskedDuration {
    private static final Pattern ASKS = Pattern.compile("\\bhow long\\b");
    private static final String NUMBER = "(\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|fifteen|twenty|thirty|forty|fifty|few|several|couple of|many|some|a few|a couple of)";
    private static final Pattern SAYS_HOW_LONG = Pattern.compile("\\b" + NUMBER + " (\\w+ )?(years?|months?|weeks?"
            + "|days?|hours?|minutes?|decades?|seasons?|summers?|winters?)\\b"
            + "|\\b(since|ago|until|till|ever since|all (my|his|her|our|their) li(fe|ves)|for (years|ages|decades|months"
            + "|weeks|a while|a long time|ever)|as long as)\\b"
            + "|\\b(started|began|begun|took up|joined|lasted|lasts|took)\\b|\\b(19|20)\\d\\d\\b|\\bnineteen \\w+"
            + "|\\btwo thousand\\b");
    private static final Pattern REFERS_BACK = Pattern.compile("\\b(it|that|this|there|they|them|he|she|him|her)\\b");

    /** The question's own words, stemmed; empty when it does not ask how long. */
    private final Set<String> topic;

    private AskedDuration(Set<String> topic) {
        this.topic = topic;
    }

    static AskedDuration in(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        if (!ASKS.matcher(q).find()) {
            return new AskedDuration(Set.of());
        }
        Set<String> words = new HashSet<>(SpokenTextAnalyzer.PLAIN.queryTerms(q));
        words.remove("long");
        return new AskedDuration(words);
    }

    /** Whether the sentence may answer: always when the question does not ask how long. */
    boolean answeredIn(String sentence) {
        if (topic.isEmpty()) {
            return true;
        }
        String lower = sentence.toLowerCase(Locale.ROOT);
        if (!SAYS_HOW_LONG.matcher(lower).find()) {
            return false;
        }
        List<String> said = SpokenTextAnalyzer.PLAIN.terms(lower);
        return said.stream().anyMatch(topic::contains) || REFERS_BACK.matcher(lower).find();
    }
}
