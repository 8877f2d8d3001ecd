package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** "How long..." is answered by a span of time of the asked thing, not by any span (no model needed). */
class AskedDurationTest {

    @Test
    void aSpanOfTimeOfTheAskedThingAnswers() {
        AskedDuration choir = AskedDuration.in("How long have you been singing with the choir?");
        assertTrue(choir.answeredIn("I joined the choir in two thousand and ten."));
        assertTrue(choir.answeredIn("I have sung with them for twelve years."), "refers back");
        assertTrue(AskedDuration.in("How long have you lived in your flat?")
                .answeredIn("I have lived there for seven years."));
        assertTrue(AskedDuration.in("How long did the wedding go on?").answeredIn("The wedding lasted five days."));
    }

    @Test
    void noSpanOrAnotherThingsSpanDoesNotAnswer() {
        AskedDuration choir = AskedDuration.in("How long have you been singing with the choir?");
        assertFalse(choir.answeredIn("On Tuesday evenings I sing with the community choir."), "says no span");
        assertFalse(choir.answeredIn("At my new school the other children laughed for the first few months."),
                "a span, but of something else");
        AskedDuration sea = AskedDuration.in("How long have you been swimming in the sea?");
        assertFalse(sea.answeredIn("I swim in the sea every day of the year."), "how often, not since when");
    }

    @Test
    void aQuestionThatDoesNotAskHowLongAsksNothingOfTheSentence() {
        assertTrue(AskedDuration.in("Where do you sing?").answeredIn("On Tuesdays I sing with the choir."));
    }
}
