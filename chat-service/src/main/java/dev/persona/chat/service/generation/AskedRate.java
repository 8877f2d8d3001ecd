package dev.persona.chat.service.generation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A question for an amount in a stretch of time ("How many hours a week do you spend running?", "How many bottles
 * do you make each year?", "How much do you earn per month?"). A sentence answers it only when it gives an amount
 * per stretch of time too ("two pounds each week", "three times a month", "every Saturday", "weekly"): a number
 * alone is the amount of something else, once ("one hour fifty eight" is a race time, not hours a week; "twenty
 * chili plants" are not bottles a year). Which stretch is left open, since people count in the one they live by
 * ("an hour a day" answers "hours a week").
 */
final class AskedRate {
    private static final String STRETCH = "(hour|day|night|week|weekend|fortnight|month|term|season|year)s?";
    private static final Pattern ASKS = Pattern.compile("\\bhow (many|much)\\b.*(\\b(a|an|per|each|every) " + STRETCH
            + "\\b|\\b(hourly|daily|nightly|weekly|monthly|yearly|annually)\\b)");
    private static final Pattern SAYS_RATE = Pattern.compile("\\b(a|an|per|each|every) " + STRETCH + "\\b"
            + "|\\b(hourly|daily|nightly|weekly|monthly|yearly|annually|annual)\\b"
            + "|\\bevery (monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|spring"
            + "|summer|autumn|winter|other)\\b|\\b(once|twice)\\b|\\btimes a\\b");

    private final boolean asked;

    private AskedRate(boolean asked) {
        this.asked = asked;
    }

    static AskedRate in(String question) {
        return new AskedRate(ASKS.matcher(question.toLowerCase(Locale.ROOT)).find());
    }

    /** Whether the sentence may answer: always when the question asks no amount in a stretch of time. */
    boolean answeredIn(String sentence) {
        return !asked || SAYS_RATE.matcher(sentence.toLowerCase(Locale.ROOT)).find();
    }
}
