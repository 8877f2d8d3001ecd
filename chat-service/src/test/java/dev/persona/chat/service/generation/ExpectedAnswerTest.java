package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The kinds of fact a question joining two questions asks for (no model needed). */
class ExpectedAnswerTest {

    @Test
    void aJoinedQuestionIsAnsweredByAFactForEitherPart() {
        List<ExpectedAnswer> asked = ExpectedAnswer.ofParts("How many loaves do you bake, and at what time?");
        assertEquals(List.of(ExpectedAnswer.COUNT, ExpectedAnswer.TIME_OF_DAY), asked);
        assertTrue(ExpectedAnswer.allSpecific(asked));
        assertTrue(ExpectedAnswer.fitsAny(asked, "I start before dawn, in the dark."));
        assertTrue(ExpectedAnswer.fitsAny(asked, "We bake forty loaves and some rolls."));
        assertFalse(ExpectedAnswer.fitsAny(asked, "I bake at the shop on the high street."));
    }

    @Test
    void aJoinedPartThatNamesNoKindOfFactLetsAnySentenceAnswer() {
        List<ExpectedAnswer> asked = ExpectedAnswer.ofParts("Where do you keep your boat, and how old is it?");
        assertFalse(ExpectedAnswer.allSpecific(asked));
        assertTrue(ExpectedAnswer.fitsAny(asked, "It sits in the harbour next to the lifeboat."));
        assertEquals(List.of(ExpectedAnswer.AGE), ExpectedAnswer.ofParts("How old are you and your brother?"),
                "one question about two people is not two questions");
        assertEquals(List.of(ExpectedAnswer.ANY), ExpectedAnswer.ofParts("When and why did you move?"));
    }
}
