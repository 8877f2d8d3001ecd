package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the person does on another season, weekday or month does not answer for the asked one (no model needed). */
class AskedOccasionTest {

    @Test
    void anotherOccasionOfTheSameKindDoesNotAnswer() {
        AskedOccasion summer = AskedOccasion.in("Which flowers do your bees feed on in summer?");
        assertFalse(summer.sameOccasionIn("In winter I feed the bees blocks of sugar."));
        assertFalse(AskedOccasion.in("What do you do on Sunday mornings?")
                .sameOccasionIn("On Saturdays I make pancakes for the twins."));
        assertFalse(AskedOccasion.in("Why is practice night changing in March?")
                .sameOccasionIn("In June we sing at the town hall."));
    }

    @Test
    void theAskedOccasionNoneOrAnotherKindMayAnswer() {
        AskedOccasion summer = AskedOccasion.in("Which flowers do your bees feed on in summer?");
        assertTrue(summer.sameOccasionIn("In summers they live on lavender and clover."));
        assertTrue(summer.sameOccasionIn("They love the lavender by the shed."), "names no season");
        assertTrue(summer.sameOccasionIn("From spring to summer they work the clover."), "the asked one among others");
        assertTrue(AskedOccasion.in("Where do you go in the autumn break?")
                .sameOccasionIn("I booked a cottage for the week in October."), "a month, not another season");
        assertTrue(AskedOccasion.in("What do you do on weekends?").sameOccasionIn("On Mondays I swim."),
                "the question names no occasion of a kind");
    }
}
