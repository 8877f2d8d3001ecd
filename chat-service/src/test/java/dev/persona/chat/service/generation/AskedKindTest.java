package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A "which one" question is not answered by a sentence that only says there is such a thing (no model needed). */
class AskedKindTest {

    @Test
    void theKindIsWhatTheQuestionAsksWhichOneOf() {
        assertEquals(List.of("hospit"), AskedKind.in("Which hospital do you usually take patients to?").kind());
        assertEquals(List.of("soup"), AskedKind.in("What kind of soup do you drink after a swim?").kind());
        assertEquals(List.of("camper", "van"), AskedKind.in("What make of camper van are you hoping to buy?").kind());
        assertEquals(List.of("food", "magazin"), AskedKind.in("Which food magazine praised your tart?").kind());
        assertEquals(List.of("music"), AskedKind.in("What music is your choir preparing?").kind());
        assertEquals(List.of(), AskedKind.in("What time do you get up?").kind(), "a time, not one of a kind");
        assertEquals(List.of(), AskedKind.in("Which of your grandchildren is at university?").kind());
        assertEquals(List.of(), AskedKind.in("What do you do on weekends?").kind());
        assertEquals(List.of(), AskedKind.in("What is your dog's name?").kind());
        assertEquals(List.of(), AskedKind.in("Where do you keep your hives?").kind());
    }

    @Test
    void bringingTheKindInWithoutSayingWhichDoesNotAnswer() {
        AskedKind van = AskedKind.in("What make of camper van are you hoping to buy?");
        assertFalse(van.toldApartIn("We are saving for a camper van so we can drive to the west coast."));
        assertFalse(AskedKind.in("What kind of soup do you drink?").toldApartIn("I always have some soup after."));
        assertFalse(AskedKind.in("Which food magazine praised your tart?")
                .toldApartIn("Last year a food magazine named our lemon tart the best in the city."),
                "named what the magazine said, not the magazine");
    }

    @Test
    void aSentenceThatTellsWhichOneOrNamesAnInstanceMayAnswer() {
        AskedKind soup = AskedKind.in("What kind of soup do you drink after a swim?");
        assertTrue(soup.toldApartIn("Afterwards we share a flask of tomato soup."), "a word that tells it apart");
        assertTrue(soup.toldApartIn("I drink a soup that my grandmother taught me."), "a clause about it");
        assertTrue(soup.toldApartIn("We share the soup with lentils my mother makes."), "what is in it");
        assertTrue(soup.toldApartIn("Usually leek and potato, straight from the flask."), "an instance, no kind word");
        AskedKind hospital = AskedKind.in("Which hospital do you usually take patients to?");
        assertTrue(hospital.toldApartIn("Mostly to a hospital in Galway."));
        assertTrue(hospital.toldApartIn("I take them to the hospital."), "which one, spoken of as known");
        assertTrue(AskedKind.in("What make of van do you drive?").toldApartIn("I drive a van called Betsy."));
        assertTrue(AskedKind.in("What is your job?").toldApartIn("I have a job."), "asks no which one");
    }

    @Test
    void whereItIsOrThatItIsKnownDoesNotSayWhatSortItIs() {
        AskedKind soup = AskedKind.in("What kind of soup do you drink after a swim?");
        assertFalse(soup.toldApartIn("Afterwards we share a flask of soup in the car park."), "where, not what sort");
        assertFalse(soup.toldApartIn("My mother makes the soup."), "the soup, of no sort");
        AskedKind drums = AskedKind.in("What brand of drums do you play?");
        assertFalse(drums.toldApartIn("I play the drums in a band called the Lake Trains."), "the band is named");
        assertTrue(drums.toldApartIn("I play the Yamaha drums my father left me."), "a word that tells the brand");
        assertTrue(drums.toldApartIn("I play drums from Japan."));
    }
}
