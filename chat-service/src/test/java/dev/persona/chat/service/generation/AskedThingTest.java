package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A name, price, age or colour answers a question only when it is the asked thing's (no model needed). */
class AskedThingTest {

    @Test
    void theThingIsWhatTheQuestionAsksTheNameOf() {
        assertEquals(Set.of("school"), AskedThing.in("What is the name of your school?").words());
        assertEquals(Set.of("garag"), AskedThing.in("What's the name of the garage you use?").words());
        assertEquals(Set.of("dog"), AskedThing.in("What is your dog's name?").words());
        assertEquals(Set.of("boat"), AskedThing.in("What is your boat called?").words());
        assertEquals(Set.of("coffe"), AskedThing.in("What brand of coffee do you buy?").words());
        assertEquals(Set.of("cat"), AskedThing.in("What breed is your cat?").words());
        assertEquals(Set.of("rugbi", "team"), AskedThing.in("Which rugby team do you follow?").words());
        assertEquals(Set.of(), AskedThing.in("Where do you buy your coffee?").words(), "asks no fact of a thing");
    }

    @Test
    void theThingIsWhatTheQuestionAsksThePriceAgeColourOrFavouriteOf() {
        assertEquals(Set.of("ferri"), AskedThing.in("How much did the ferry cost?").words());
        assertEquals(Set.of("box", "egg"), AskedThing.in("How much do you charge for a box of eggs?").words());
        assertEquals(Set.of("grandfath"), AskedThing.in("How old is your grandfather?").words());
        assertEquals(Set.of("tractor"), AskedThing.in("What colour was the tractor?").words());
        assertEquals(Set.of("cat"), AskedThing.in("What is your cat's favourite food?").words());
        assertEquals(Set.of(), AskedThing.in("What is your favourite food?").words(), "the person's own");
        // a group is answered member by member, without its own word
        assertEquals(Set.of(), AskedThing.in("How old are your grandchildren?").words());
        assertEquals(Set.of(), AskedThing.in("How much do you pay each month?").words(), "no thing named");
    }

    @Test
    void aFactOfSomethingElseDoesNotAnswer() {
        AskedThing school = AskedThing.in("What is the name of your school?");
        assertTrue(school.mentionedIn("The school is called Hillside Primary."));
        assertTrue(school.mentionedIn("It is called Hillside Primary."), "refers back to the school");
        assertFalse(school.mentionedIn("My classroom helper is called Dennis."));
        AskedThing eggs = AskedThing.in("How much do you charge for a box of eggs?");
        assertTrue(eggs.mentionedIn("A box of six eggs is two pounds."));
        assertFalse(eggs.mentionedIn("Parking costs three pounds a day."));
        AskedThing grandfather = AskedThing.in("How old is your grandfather?");
        assertTrue(grandfather.mentionedIn("My grandfather turned ninety last spring."));
        assertFalse(grandfather.mentionedIn("I left the farm when I was nineteen."));
        AskedThing cat = AskedThing.in("What is your cat's favourite food?");
        assertFalse(cat.mentionedIn("Our best seller is an almond croissant."), "a favourite, but not the cat's");
        assertTrue(cat.mentionedIn("My cat loves sardines more than anything."));
    }

    @Test
    void aQuestionThatNamesNoThingAsksNothingOfTheSentence() {
        assertTrue(AskedThing.in("Where do you buy your coffee?").mentionedIn("At the market on Saturdays."));
    }
}
