package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An amount in a stretch of time is answered by an amount per stretch of time, not by a number alone. */
class AskedRateTest {

    @Test
    void anAmountPerWeekNeedsASentenceThatCountsPerStretchOfTime() {
        AskedRate hours = AskedRate.in("How many hours a week do you spend running?");
        assertFalse(hours.answeredIn("Toronto half marathon: one hour fifty eight, my best time so far."),
                "a race time, once");
        assertTrue(hours.answeredIn("I run about six hours a week."));
        assertTrue(hours.answeredIn("I do an hour a day before work."), "another stretch of time");
        assertTrue(hours.answeredIn("Every Saturday I run for three hours."));
        AskedRate bottles = AskedRate.in("How many bottles of hot sauce do you make each year?");
        assertFalse(bottles.answeredIn("I grow about twenty chili plants in the greenhouse."));
        assertTrue(bottles.answeredIn("We bottle around two hundred a year."));
        assertTrue(AskedRate.in("How much do you earn per month?").answeredIn("I am paid monthly, two thousand."));
    }

    @Test
    void otherQuestionsAskNoRate() {
        assertTrue(AskedRate.in("How many children do you have?").answeredIn("I have three children."));
        assertTrue(AskedRate.in("What do you make for your family once a week?").answeredIn("I make a curry."),
                "a stretch of time, but no amount asked");
        assertTrue(AskedRate.in("How much did the bike cost last year?").answeredIn("It cost ninety euro."),
                "a time, not a rate");
    }
}
