package dev.persona.chat.service.generation;

import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one thing a question asks a fact of, where its wording says so plainly: what it asks the name of ("the school"
 * in "What is the name of your school?", "dog" in "What is your dog's name?", "tea" in "What brand of tea...?"), the
 * price of ("the flight" in "How much did the flight cost?", "a lesson" in "What do you charge for a lesson?"), the
 * age or colour of ("your mother" in "How old is your mother?"), or the favourite of ("your cat" in "What is your
 * cat's favourite food?"). A fact answers the question only when it is that thing's, so the sentence must speak of
 * the thing or refer back to something said before it ("she", "it"):
 * "My teaching assistant is called Gareth" names someone, but not the school; "Membership costs thirty pounds" is a
 * price, but not the flight's. Only a singular thing: a group ("How old are your kids?") is as often answered member
 * by member ("the twins are ten") without its own word. Other questions ask nothing of the sentence.
 */
final class AskedThing {
    private static final String DETERMINER = "(?:the |your |his |her |their |our |a |an |this |that |my )?";
    private static final String WORDS = "([\\p{L}' -]+?)";
    /** The thing's words end at a relative clause, a verb, a preposition or the question mark. */
    private static final String THING = WORDS + "(?=\\s+(?:who|that|which|where|when|you|i|he|she|they|we"
            + "|do|does|did|is|was|are|were|in|at|on|for|with|from|to)\\b|\\s*[?,.]|$)";
    private static final List<Pattern> ASKS_FACT_OF = List.of(
            Pattern.compile("\\bname of " + DETERMINER + THING),
            Pattern.compile("\\b(?:what|which)(?:'s| is| was| are| were) " + DETERMINER + WORDS + "'s? names?\\b"),
            Pattern.compile("\\b(?:what|which)(?:'s| is| was| are| were) " + DETERMINER + WORDS + " called\\b"),
            Pattern.compile("\\b(?:what|which)(?:'s| is| was| are| were) " + DETERMINER + WORDS + "'s? favou?rites?\\b"),
            Pattern.compile("\\b(?:what|which) (?:brand|breed|make|model) of " + THING),
            Pattern.compile("\\b(?:what|which) (?:brand|breed|make|model) (?:is|are|was|were) " + DETERMINER + THING),
            Pattern.compile("\\b(?:what|which) ((?:\\p{L}+ )?(?:team|club))\\b"),
            Pattern.compile("\\bhow much (?:does|did|do|will|would) " + DETERMINER + WORDS + " cost\\b"),
            Pattern.compile("\\bcharged? (?:you |me |them |people )?for " + DETERMINER + THING),
            Pattern.compile("\\b(?:price|cost) of " + DETERMINER + THING),
            Pattern.compile("\\bhow old (?:is|was) " + DETERMINER + THING),
            Pattern.compile("\\b(?:what|which) colou?r (?:is|was) " + DETERMINER + THING));
    /** A sentence that refers back to something said before it ("We call him Max") may be about the thing. */
    private static final Pattern REFERS_BACK = Pattern.compile("\\b(he|she|him|her|his|hers|it|its|they|them|their)\\b");

    private final Set<String> words;

    private AskedThing(Set<String> words) {
        this.words = words;
    }

    /** The thing a question asks a fact of; without words when the question names no such thing. */
    static AskedThing in(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        for (Pattern asks : ASKS_FACT_OF) {
            Matcher m = asks.matcher(q);
            if (m.find()) {
                return new AskedThing(new HashSet<>(SpokenTextAnalyzer.PLAIN.terms(m.group(1))));
            }
        }
        return new AskedThing(Set.of());
    }

    /** Whether the sentence speaks of the thing (any of its words, stemmed) or refers back to something. */
    boolean mentionedIn(String sentence) {
        if (words.isEmpty()) {
            return true;
        }
        String lower = sentence.toLowerCase(Locale.ROOT);
        return REFERS_BACK.matcher(lower).find()
                || SpokenTextAnalyzer.PLAIN.terms(lower).stream().anyMatch(words::contains);
    }

    /** The thing's words, stemmed as the index stems them; empty when the question names no thing. */
    Set<String> words() {
        return words;
    }
}
