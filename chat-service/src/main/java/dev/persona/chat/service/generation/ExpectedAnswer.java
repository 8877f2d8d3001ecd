package dev.persona.chat.service.generation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kind of fact a question asks for, where its wording says so plainly: an age ("How old..."), a price ("How much
 * does it cost..."), another number ("How many cows...", "What year..."), a time of day, a colour, a name ("What is
 * your daughter's name?", "Which club...", "What brand...") or an occupation ("What does he do for a living?"). A
 * sentence that talks about the topic but holds no such fact does not answer the question ("I walk my dog every
 * morning" for "What is your dog's name?"), so it is not evidence for it: this is what tells a near miss (the person
 * mentions the topic, never the asked fact) from an answer, which similarity alone cannot. Questions of any other form
 * accept any sentence. Recognised speech spells numbers out and writes names in lower case, so both forms count.
 */
enum ExpectedAnswer {
    AGE, PRICE, NUMBER, TIME_OF_DAY, COLOUR, NAME, OCCUPATION, ANY;

    private static final String NUMBER_WORD = "(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
            + "|eighty|ninety|a hundred|hundred)";

    private static final Pattern ASKS_AGE = Pattern.compile("\\b(how old|what age|at what age)\\b");
    private static final Pattern ASKS_PRICE = Pattern.compile("\\bhow much\\b[^?]*\\b(cost|costs|charge|charges"
            + "|charged|pay|pays|paid|price|earn|earns|earned|spend|spent|fee|fees|worth|rent|sell|sells|sold)\\b"
            + "|\\bwhat (price|fee)\\b|\\bwhat (does|did|do|will) [^?]*\\bcost\\b");
    private static final Pattern ASKS_NUMBER = Pattern.compile(
            "\\b(how (many|much)|what year|in which year)\\b");
    private static final Pattern ASKS_TIME_OF_DAY = Pattern.compile("\\b(what|which) time\\b");
    private static final Pattern ASKS_COLOUR = Pattern.compile("\\b(what|which) colou?rs?\\b");
    private static final Pattern ASKS_NAME = Pattern.compile(
            "\\b(what|which)('s| is| was| are| were)\\b[^?]*\\b(name|called)\\b|\\bname of\\b"
                    + "|\\b(what|which) (\\w+ )?(brand|breed|team|club)\\b");
    private static final Pattern ASKS_OCCUPATION = Pattern.compile(
            "\\bdo(es|ing)? for (a |their |his |her )?(living|work|job|day job)\\b"
                    + "|\\bwhat (is|was|are|were) (your|his|her|their|\\w+'s) (job|jobs|profession|occupation)\\b"
                    + "|\\bwhat (work|job) (do|does|did)\\b");

    private static final Pattern HAS_NUMBER = Pattern.compile("\\d|\\b(one|two|three|four|five|six|seven|eight|nine"
            + "|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
            + "|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozen|half|a couple|once|twice)\\b");
    /** An age said outright ("twelve years old", "when I was nine", "she turned seventy", "in her twenties"). */
    private static final Pattern HAS_AGE = Pattern.compile("\\b" + NUMBER_WORD + "[ -]years?[ -]old\\b"
            + "|\\b(am|is|are|was|were|be|been|turned|turns|turn|reached|aged?|age of)\\s+(about |nearly |almost "
            + "|only |just |over |under )?" + NUMBER_WORD + "\\b|\\bborn in\\b"
            + "|\\b(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|teens|teenager)\\b"
            + "|\\bwhen (i|he|she|we|they) (was|were) (a |an |still a |only a )?(child|kid|baby|boy|girl|teenager"
            + "|student|toddler)\\b");
    private static final Pattern HAS_CURRENCY = Pattern.compile("[£€$¥₹]|\\b(pounds?|quid|pence|p|penny|pennies"
            + "|euros?|cents?|dollars?|bucks|rupees?|yen|francs?|crowns?|kronor|zloty|shillings?|grand)\\b");
    private static final Pattern HAS_NO_COST = Pattern.compile("\\b(free|for nothing|costs? nothing|no charge)\\b");
    private static final Pattern HAS_TIME_OF_DAY = Pattern.compile("\\b(noon|midday|midnight|dawn|dusk|sunrise"
            + "|sunset|mornings?|afternoons?|evenings?|nights?|o'clock|am|pm)\\b");
    private static final Pattern HAS_COLOUR = Pattern.compile("\\b(red|orange|yellow|green|blue|purple|violet|pink"
            + "|brown|black|white|grey|gray|silver|gold|golden|beige|navy|maroon|turquoise|cream|ginger|blonde|blond"
            + "|scarlet|crimson|teal|lilac|tan|tabby|colou?red)\\b");
    private static final Pattern HAS_NAME_WORD = Pattern.compile("\\b(name|names|named|called|call|calls)\\b");
    /** A capitalised word after the first: a proper name in written text or punctuated speech. */
    private static final Pattern CAPITALISED_LATER = Pattern.compile("\\s\\p{Lu}\\p{Ll}");
    /** Work said outright: "as a nurse", "he is a teacher", "I worked at...", "she runs a farm", "retired". */
    private static final Pattern HAS_OCCUPATION = Pattern.compile("\\b(as|be|is|was|am|are|were|became|become"
            + "|becomes|used to be)( a| an)\\b|\\b(works?|worked|working|job|jobs|profession|career|employed"
            + "|retired|runs?|ran|owns?|owned|manages?|managed|teach(es)?|taught|studies|studying)\\b");

    static ExpectedAnswer of(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        if (ASKS_AGE.matcher(q).find()) {
            return AGE;
        }
        if (ASKS_PRICE.matcher(q).find()) {
            return PRICE;
        }
        if (ASKS_NUMBER.matcher(q).find()) {
            return NUMBER;
        }
        if (ASKS_TIME_OF_DAY.matcher(q).find()) {
            return TIME_OF_DAY;
        }
        if (ASKS_COLOUR.matcher(q).find()) {
            return COLOUR;
        }
        if (ASKS_NAME.matcher(q).find()) {
            return NAME;
        }
        if (ASKS_OCCUPATION.matcher(q).find()) {
            return OCCUPATION;
        }
        return ANY;
    }

    /** Whether the question names the kind of fact it wants, so a sentence must hold one to answer it. */
    boolean isSpecific() {
        return this != ANY;
    }

    boolean fits(String sentence) {
        String lower = sentence.toLowerCase(Locale.ROOT);
        return switch (this) {
            case AGE -> HAS_AGE.matcher(lower).find();
            case PRICE -> HAS_NO_COST.matcher(lower).find()
                    || HAS_NUMBER.matcher(lower).find() && HAS_CURRENCY.matcher(lower).find();
            case NUMBER -> HAS_NUMBER.matcher(lower).find();
            case TIME_OF_DAY -> HAS_NUMBER.matcher(lower).find() || HAS_TIME_OF_DAY.matcher(lower).find();
            case COLOUR -> HAS_COLOUR.matcher(lower).find();
            case NAME -> HAS_NAME_WORD.matcher(lower).find() || CAPITALISED_LATER.matcher(withoutPronounI(sentence)).find();
            case OCCUPATION -> HAS_OCCUPATION.matcher(lower).find();
            case ANY -> true;
        };
    }

    private static String withoutPronounI(String sentence) {
        return sentence.replaceAll("\\bI('\\w+)?\\b", "i");
    }
}
