package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.chat.PersonaCorpus;
import dev.persona.chat.domain.Chunk;
import dev.persona.common.events.SourceKind;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.retrieval.Retriever;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sentence-level retrieval and answer evidence on the sample persona, with the real embedding model. */
class EvidenceSelectorTest {
    private static final EvidenceSelector.Params PARAMS = new EvidenceSelector.Params(3, 0.08, 0.35, 0.45);
    private static PersonaIndex index;

    @BeforeAll
    static void index() {
        index = PersonaIndex.of(PersonaCorpus.indexed(PersonaCorpus.ALL));
    }

    private static List<UsedSentence> evidence(String question) {
        float[] q = PersonaCorpus.question(question);
        List<HybridSearch.Hit> hits = HybridSearch.search(index, q, question, HybridSearch.Params.defaults());
        Retrieved retrieved = new Retrieved(hits.stream().map(h -> Retriever.passage(index, h)).toList(), q, 0, 0,
                index.size());
        return EvidenceSelector.select(question, retrieved, PARAMS);
    }

    @Test
    void aHowQuestionGetsTheSentenceThatGoesOnToAnswerIt() {
        List<UsedSentence> used = evidence("How do you make your sambar?");
        assertFalse(used.isEmpty());
        assertTrue(used.size() <= 3, used::toString);
        assertTrue(used.stream().anyMatch(u -> u.text().contains("coriander")), used::toString);
        assertTrue(used.stream().allMatch(u -> u.sourceId().equals(PersonaCorpus.COOKING.id())), used::toString);
        // In the order said: the Sunday sentence comes before the secret.
        assertTrue(used.get(0).text().startsWith("On Sundays"), used::toString);
    }

    @Test
    void aSentenceAboutTheWeekendAnswersAQuestionAboutWeekends() {
        List<UsedSentence> used = evidence("What do you do on weekends?");
        assertFalse(used.isEmpty());
        UsedSentence best = used.stream().max(java.util.Comparator.comparingDouble(UsedSentence::score)).orElseThrow();
        assertEquals(PersonaCorpus.MUSIC.id(), best.sourceId());
        assertTrue(best.text().contains("weekends"), best::text);
    }

    @Test
    void theSecondSentenceOfAChunkIsFoundAndCarriesItsOwnSeconds() {
        List<UsedSentence> used = evidence("How long did your teacher keep you on exercises before a real piece?");
        assertFalse(used.isEmpty());
        UsedSentence best = used.stream().max(java.util.Comparator.comparingDouble(UsedSentence::score)).orElseThrow();
        assertEquals(PersonaCorpus.MUSIC.id(), best.sourceId());
        assertTrue(best.text().contains("scales"), best::text);
        assertEquals(1, best.position(), "the second sentence of its chunk");
        // The sentence's seconds lie strictly inside its chunk's: the citation is the sentence, not the chunk.
        double chunkStart = best.passage().chunk().startSec();
        double chunkEnd = best.passage().chunk().endSec();
        assertTrue(best.sentence().startSec() > chunkStart && best.sentence().endSec() <= chunkEnd
                && best.sentence().endSec() - best.sentence().startSec() < chunkEnd - chunkStart, best::toString);
    }

    @Test
    void aQuestionNothingAnswersGetsNoEvidence() {
        assertEquals(List.of(), evidence("What do you think about cryptocurrency?"));
    }

    @Test
    void aQuestionForANumberNeedsASentenceWithOne() {
        assertEquals(ExpectedAnswer.COUNT, ExpectedAnswer.of("How many cows did your father have?"));
        assertTrue(ExpectedAnswer.COUNT.fits("my father kept two hundred cows on the farm"));
        assertTrue(ExpectedAnswer.COUNT.fits("There are twenty eight children in my class."));
        assertFalse(ExpectedAnswer.COUNT.fits("I milked the cows every morning before school."));
        // numbers that count no things: an age, a span of time, a year, the pronoun "one"
        assertFalse(ExpectedAnswer.COUNT.fits("He sold most of the herd when he turned seventy."));
        assertFalse(ExpectedAnswer.COUNT.fits("One year my sauce won a prize."));
        assertFalse(ExpectedAnswer.COUNT.fits("I broke my arm falling off a hay bale when I was nine."));
        assertFalse(ExpectedAnswer.COUNT.fits("The oldest one I have fixed is from nineteen fifty two."));
        assertEquals(ExpectedAnswer.NUMBER, ExpectedAnswer.of("How many years did you drive trains?"));
        assertTrue(ExpectedAnswer.NUMBER.fits("I drove them for thirty one years."));
        assertEquals(ExpectedAnswer.NUMBER, ExpectedAnswer.of("What year did you move?"));
        assertTrue(ExpectedAnswer.NUMBER.fits("We moved in 2006."));
    }

    @Test
    void aQuestionForANameNeedsASentenceThatNamesSomething() {
        assertEquals(ExpectedAnswer.NAME, ExpectedAnswer.of("What is your daughter's name?"));
        assertEquals(ExpectedAnswer.NAME, ExpectedAnswer.of("What is the bakery called?"));
        assertEquals(ExpectedAnswer.ANY, ExpectedAnswer.of("What do you do on weekends?"));
        assertTrue(ExpectedAnswer.NAME.fits("my teaching assistant is called gareth"));
        assertTrue(ExpectedAnswer.NAME.fits("I drove the train with Ahmed every Tuesday."));
        assertFalse(ExpectedAnswer.NAME.fits("I walk my daughter to school every morning."));
        assertEquals(ExpectedAnswer.NAME, ExpectedAnswer.of("Which football team do you support?"));
        assertEquals(ExpectedAnswer.NAME, ExpectedAnswer.of("What breed is your dog?"));
        assertFalse(ExpectedAnswer.NAME.fits("we sit on folding stools and talk about football for hours"));
        // "make" the verb is not "make" the brand
        assertEquals(ExpectedAnswer.ANY, ExpectedAnswer.of("Have you ever won a prize for what you make?"));
    }

    @Test
    void anAgeIsANumberSaidAsAnAge() {
        assertEquals(ExpectedAnswer.AGE, ExpectedAnswer.of("How old were you when you started driving trains?"));
        assertTrue(ExpectedAnswer.AGE.fits("I lived there until I was twelve years old."));
        assertTrue(ExpectedAnswer.AGE.fits("We have twins who are ten and fight about everything."));
        assertTrue(ExpectedAnswer.AGE.fits("I started when I was a teenager."));
        // a number, but not anybody's age: the near miss a bare number check lets through
        assertFalse(ExpectedAnswer.AGE.fits("I was elected treasurer of the club after nine years."));
        assertFalse(ExpectedAnswer.AGE.fits("Two years ago I went back to India for a wedding."));
    }

    @Test
    void aPriceIsANumberWithAMoneyUnit() {
        assertEquals(ExpectedAnswer.PRICE, ExpectedAnswer.of("How much does a ticket to the museum cost?"));
        assertEquals(ExpectedAnswer.PRICE, ExpectedAnswer.of("What price did you put on the bike?"));
        assertEquals(ExpectedAnswer.COUNT, ExpectedAnswer.of("How much honey did your bees make?"));
        assertTrue(ExpectedAnswer.PRICE.fits("Asking one hundred and twenty euro for it."));
        assertTrue(ExpectedAnswer.PRICE.fits("Membership will cost £30 a year."));
        assertTrue(ExpectedAnswer.PRICE.fits("Entry is free for children."));
        assertFalse(ExpectedAnswer.PRICE.fits("The museum opens at ten, and the last tour starts at four."));
    }

    @Test
    void colourTimeAndWorkQuestionsNeedThatKindOfFact() {
        assertEquals(ExpectedAnswer.COLOUR, ExpectedAnswer.of("What colour is your ambulance?"));
        assertTrue(ExpectedAnswer.COLOUR.fits("It is bright orange with white stripes."));
        assertFalse(ExpectedAnswer.COLOUR.fits("My ambulance is parked at the station."));
        assertEquals(ExpectedAnswer.TIME_OF_DAY, ExpectedAnswer.of("What time is the last tour?"));
        assertTrue(ExpectedAnswer.TIME_OF_DAY.fits("The last tour starts at four."));
        assertEquals(ExpectedAnswer.OCCUPATION, ExpectedAnswer.of("What does Martin do for a living?"));
        assertTrue(ExpectedAnswer.OCCUPATION.fits("She is a maths teacher during the day."));
        assertTrue(ExpectedAnswer.OCCUPATION.fits("He used to be a postman before he retrained."));
        assertFalse(ExpectedAnswer.OCCUPATION.fits("My husband Martin likes his plantain crispy."));
    }

    @Test
    void aQuestionForAFavouriteNeedsASentenceThatSaysWhatIsLiked() {
        assertEquals(ExpectedAnswer.PREFERENCE, ExpectedAnswer.of("What is your dog's favourite toy?"));
        assertEquals(ExpectedAnswer.PREFERENCE, ExpectedAnswer.of("Which walk do you like best?"));
        assertEquals(ExpectedAnswer.PREFERENCE, ExpectedAnswer.of("Which tea do you prefer in the morning?"));
        assertEquals(ExpectedAnswer.COLOUR, ExpectedAnswer.of("What colour is your favourite mug?"), "the colour is the fact");
        assertEquals(ExpectedAnswer.ANY, ExpectedAnswer.of("How does he like his eggs?"), "how, not which");
        assertTrue(ExpectedAnswer.PREFERENCE.fits("Her favourite toy is a squeaky rubber duck."));
        assertTrue(ExpectedAnswer.PREFERENCE.fits("He loves the long walk over the moor."));
        assertTrue(ExpectedAnswer.PREFERENCE.fits("I always choose green tea, I like it best before work."));
        // the topic without any liking: the near miss
        assertFalse(ExpectedAnswer.PREFERENCE.fits("I walk the dog by the river every morning."));
        // a bare "like" is a comparison or a filler, not a preference
        assertFalse(ExpectedAnswer.PREFERENCE.fits("Like a puppy she sleeps all afternoon on the sofa."));
    }

    @Test
    void aQuestionNotPutToThePersonNeedsCloserEvidence() {
        Chunk chunk = new Chunk("letter-0", "letter", SourceKind.document, "letter.txt", 0,
                "The street light outside number fourteen has been broken for weeks.", null, null, 1,
                List.of(new Chunk.Sentence("The street light outside number fourteen has been broken for weeks.", null,
                        null, 1)));
        Retrieved loose = new Retrieved(List.of(new Retrieved.Passage(chunk, 0.51f, 0, List.of(
                new Retrieved.Evidence(0, 0.51f, 0, 0.51)), new float[] {0.51f})), new float[0], 0, 0, 1);
        EvidenceSelector.Params floor = new EvidenceSelector.Params(3, 0.08, 0.35, 0.45, 0.55);
        assertTrue(EvidenceSelector.addressesPerson("What did you write to the council about?"));
        assertFalse(EvidenceSelector.addressesPerson("How do I fix a leaking tap?"));
        assertEquals(List.of(), EvidenceSelector.select("How do I fix a leaking tap?", loose, floor),
                "advice that only loosely matches something written");
        assertEquals(1, EvidenceSelector.select("What did you write to the council about?", loose, floor).size(),
                "the same evidence for a question put to the person");
        assertEquals(1, EvidenceSelector.select("Is the street light still out?", loose, PARAMS).size(),
                "no floor, no refusal");
    }

    @Test
    void adviceAForecastAViewOrATaskIsAnsweredOnlyByEvidenceThatSpeaksOfWhatItAsks() {
        Retrieved light = new Retrieved(List.of(new Retrieved.Passage(STREET_LIGHT, 0.6f, 0, List.of(
                new Retrieved.Evidence(0, 0.6f, 0, 0.6)), new float[] {0.6f})), new float[0], 0, 0, 1);
        assertTrue(EvidenceSelector.asksAdviceForecastOpinionOrTask("How do I fix a leaking tap?"));
        assertTrue(EvidenceSelector.asksAdviceForecastOpinionOrTask("What is the best way to learn the piano?"));
        assertTrue(EvidenceSelector.asksAdviceForecastOpinionOrTask("Who will win the cup final?"));
        assertTrue(EvidenceSelector.asksAdviceForecastOpinionOrTask("Who do you think will win the cup final?"),
                "a forecast asked of the person is a view on the topic");
        assertFalse(EvidenceSelector.asksAdviceForecastOpinionOrTask("How do you fix a puncture?"), "put to the person");
        assertFalse(EvidenceSelector.asksAdviceForecastOpinionOrTask("Why is the street dark?"));
        assertTrue(EvidenceSelector.asksAdviceForecastOpinionOrTask("What is your opinion on the new tram line?"));
        assertTrue(EvidenceSelector.asksAdviceForecastOpinionOrTask("Can you help me write a cover letter?"));
        assertTrue(EvidenceSelector.asksAdviceForecastOpinionOrTask("Could you please recommend a novel?"));
        assertFalse(EvidenceSelector.asksAdviceForecastOpinionOrTask("Can you explain how you started baking?"),
                "the task is about the person");
        assertEquals("write a cover letter?", EvidenceSelector.topicOf("Can you help me write a cover letter?"));
        assertEquals("learn the piano?", EvidenceSelector.topicOf("What is the best way to learn the piano?"));
        assertEquals("the new tram line?", EvidenceSelector.topicOf("What is your opinion on the new tram line?"));
        assertEquals(List.of(), EvidenceSelector.select("What do you think about the new tram line?", light, PARAMS),
                "a view on a topic the evidence does not speak of");
        assertEquals(1, EvidenceSelector.select("What do you think about the broken street light?", light, PARAMS)
                .size());
        assertEquals(List.of(), EvidenceSelector.select("How do I fix a leaking tap?", light, PARAMS),
                "close in meaning, but about another thing");
        assertEquals(List.of(), EvidenceSelector.select("Who will win the cup final?", light, PARAMS));
        assertEquals(List.of(), EvidenceSelector.select("Who do you think will win the cup final?", light, PARAMS));
        assertEquals("win the election?", EvidenceSelector.topicOf("Who do you reckon will win the election?"));
        assertEquals(List.of(), EvidenceSelector.select("Can you help me write a cover letter?", light, PARAMS),
                "a task on another thing");
        assertEquals(1, EvidenceSelector.select("How do I get a broken street light fixed?", light, PARAMS).size(),
                "the evidence speaks of what is asked");
    }

    /** One recording chunk of two sentences, both retrieved as evidence (the first slightly closer). */
    private static Retrieved twoSentencesRetrieved(int index, String first, String second) {
        Chunk chunk = new Chunk("talk-" + index, "talk", SourceKind.recording, "talk.wav", index, first + " " + second,
                0.0, 9.0, 2, List.of(new Chunk.Sentence(first, 0.0, 4.0, 1), new Chunk.Sentence(second, 4.0, 9.0, 1)));
        return new Retrieved(List.of(new Retrieved.Passage(chunk, 0.7f, 0, List.of(
                new Retrieved.Evidence(0, 0.7f, 0, 0.7), new Retrieved.Evidence(1, 0.6f, 0, 0.6)),
                new float[] {0.7f, 0.6f})), new float[0], 0, 0, 1);
    }

    @Test
    void aQuestionForThePriceOfOneThingSkipsThePriceOfAnother() {
        Retrieved retrieved = twoSentencesRetrieved(0, "i sell eggs at the gate on saturdays.",
                "parking in the village costs three pounds.");
        assertEquals(List.of(), EvidenceSelector.select("How much do you charge for a box of eggs?", retrieved,
                PARAMS), "a price, but not the eggs'");
        List<UsedSentence> parking = EvidenceSelector.select("How much does the parking cost?", retrieved, PARAMS);
        assertEquals(1, parking.size(), parking::toString);
        assertTrue(parking.get(0).text().contains("three pounds"), parking::toString);
    }

    @Test
    void aQuestionForTheNameOfOneThingSkipsTheNameOfAnother() {
        Retrieved retrieved = twoSentencesRetrieved(1, "i teach year two at a school near the park.",
                "my classroom helper is called dennis.");
        assertEquals(List.of(), EvidenceSelector.select("What is the name of your school?", retrieved, PARAMS));
        List<UsedSentence> helper = EvidenceSelector.select("What is your helper's name?", retrieved, PARAMS);
        assertEquals(1, helper.size(), helper::toString);
        assertTrue(helper.get(0).text().contains("dennis"), helper::toString);
    }

    @Test
    void aWhichQuestionWhoseBestEvidenceOnlySaysThereIsOneIsRefused() {
        Retrieved retrieved = twoSentencesRetrieved(2, "we are saving for a camper van so we can drive west.",
                "the twins want a puppy for christmas.");
        assertEquals(List.of(), EvidenceSelector.select("What make of camper van are you hoping to buy?", retrieved,
                PARAMS), "the van is mentioned, its make never: the weaker sentence must not stand in");
        List<UsedSentence> van = EvidenceSelector.select("What are you saving for?", retrieved, PARAMS);
        assertTrue(van.stream().anyMatch(u -> u.text().contains("camper van")), van::toString);
    }

    @Test
    void aQuestionAboutOneSeasonSkipsWhatIsDoneInAnother() {
        Retrieved retrieved = twoSentencesRetrieved(3, "in winter i feed the bees blocks of sugar.",
                "in summer they feed on the clover by the canal.");
        List<UsedSentence> summer = EvidenceSelector.select("What do your bees feed on in summer?", retrieved, PARAMS);
        assertEquals(1, summer.size(), summer::toString);
        assertTrue(summer.get(0).text().contains("clover"), summer::toString);
    }

    @Test
    void aHowLongQuestionNeedsTheAskedThingsSpanUnlessAnotherPartIsAnswered() {
        Retrieved retrieved = twoSentencesRetrieved(4, "i swim in the sea every day of the year.",
                "my shift starts at four in the morning.");
        assertEquals(List.of(), EvidenceSelector.select("How long have you been swimming in the sea?", retrieved,
                PARAMS), "how often is no answer to since when");
        List<UsedSentence> joined = EvidenceSelector.select(
                "How long have you been doing your job, and at what time of day?", retrieved, PARAMS);
        assertTrue(joined.stream().anyMatch(u -> u.text().contains("four in the morning")), joined::toString);
    }

    @Test
    void anAmountPerWeekSkipsANumberThatIsCountedOnce() {
        Retrieved retrieved = twoSentencesRetrieved(5, "my best half marathon time is one hour fifty eight.",
                "i train with the club for about five hours a week.");
        List<UsedSentence> weekly = EvidenceSelector.select("How many hours a week do you spend running?", retrieved,
                PARAMS);
        assertEquals(1, weekly.size(), weekly::toString);
        assertTrue(weekly.get(0).text().contains("five hours a week"), weekly::toString);
        assertEquals(List.of(), EvidenceSelector.select("How many hours a week do you spend running?",
                twoSentencesRetrieved(6, "my best half marathon time is one hour fifty eight.",
                        "the panthers get covered in ice."), PARAMS), "no amount per week is said");
    }

    private static final Chunk STREET_LIGHT = new Chunk("letter-1", "letter", SourceKind.document, "letter.txt", 0,
            "The street light outside number fourteen has been broken for weeks.", null, null, 1,
            List.of(new Chunk.Sentence("The street light outside number fourteen has been broken for weeks.", null,
                    null, 1)));
}

