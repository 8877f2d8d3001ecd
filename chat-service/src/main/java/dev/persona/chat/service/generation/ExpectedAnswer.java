package dev.persona.chat.service.generation;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kind of fact a question asks for, where its wording says so plainly: an age ("How old..."), a price ("How much
 * does it cost..."), a count of things ("How many cows..."), another number ("What year..."), a time of day, a colour, a name ("What is
 * your daughter's name?", "Which club...", "What brand..."), an occupation ("What does he do for a living?") or a
 * preference ("What is your cat's favourite food?", "Which do you like best?"). A
 * sentence that talks about the topic but holds no such fact does not answer the question ("I walk my dog every
 * morning" for "What is your dog's name?"), so it is not evidence for it: this is what tells a near miss (the person
 * mentions the topic, never the asked fact) from an answer, which similarity alone cannot. Questions of any other form
 * accept any sentence. Recognised speech spells numbers out and writes names in lower case, so both forms count.
 */
enum ExpectedAnswer {
    AGE, PRICE, COUNT, NUMBER, TIME_OF_DAY, COLOUR, NAME, OCCUPATION, PREFERENCE, ANY;

    private static final String NUMBER_WORD = "(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
            + "|eighty|ninety|a hundred|hundred)";

    private static final Pattern ASKS_AGE = Pattern.compile("\\b(how old|what age|at what age)\\b");
    private static final Pattern ASKS_PRICE = Pattern.compile("\\bhow much\\b[^?]*\\b(cost|costs|charge|charges"
            + "|charged|pay|pays|paid|price|earn|earns|earned|spend|spent|fee|fees|worth|rent|sell|sells|sold)\\b"
            + "|\\bwhat (price|fee)\\b|\\bwhat (does|did|do|will) [^?]*\\bcost\\b");
    private static final Pattern ASKS_NUMBER = Pattern.compile(
            "\\b(how (many|much)|what year|in which year)\\b");
    /** "How many cows...": a count of things, unless the things are spans of time ("How many years..."). */
    private static final Pattern ASKS_COUNT = Pattern.compile("\\bhow (many|much)\\b(?! (years?|months?|weeks?|days?"
            + "|hours?|minutes?|seconds?|decades?|nights?|time|times)\\b)");
    private static final java.util.Set<String> NUMBER_WORDS = java.util.Set.of("one", "two", "three", "four",
            "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
            "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
            "eighty", "ninety", "hundred", "thousand", "million", "dozen", "dozens", "hundreds", "thousands",
            "couple", "half", "once", "twice");
    private static final java.util.Set<String> TIME_UNITS = java.util.Set.of("year", "years", "month", "months",
            "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes", "second", "seconds", "decade",
            "decades", "ago", "o'clock", "am", "pm");
    /** Words before a number that make it an age, a date or a clock time rather than a count. */
    private static final java.util.Set<String> NOT_A_COUNT_AFTER = java.util.Set.of("turned", "turn", "turns",
            "aged", "age", "at", "in", "since", "until", "till", "by", "from");
    /** "when I was nine", "they are ten": an age. */
    private static final java.util.Set<String> AGE_VERBS = java.util.Set.of("was", "were", "is", "am", "are");
    private static final java.util.Set<String> PRONOUNS = java.util.Set.of("i", "he", "she", "we", "they", "you",
            "it");
    private static final java.util.Set<String> DETERMINERS = java.util.Set.of("the", "this", "that", "which",
            "each", "every", "any", "no", "another", "other", "a", "an", "my", "your", "his", "her", "our", "their",
            "new", "old", "big", "small", "little", "last", "first", "next", "only", "right", "wrong");
    /** Where a question joins a second question to the first ("Where do you work, and what is your role?"). */
    private static final Pattern SECOND_QUESTION = Pattern.compile(",?\\s+and\\s+(?=(at |in |on |with |for )?(how|what"
            + "|which|where|when|who|whom|whose|why)\\b)");
    private static final Pattern ASKS_TIME_OF_DAY = Pattern.compile("\\b(what|which) time\\b");
    private static final Pattern ASKS_COLOUR = Pattern.compile("\\b(what|which) colou?rs?\\b");
    private static final Pattern ASKS_NAME = Pattern.compile(
            "\\b(what|which)('s| is| was| are| were)\\b[^?]*\\b(name|called)\\b|\\bname of\\b"
                    + "|\\b(what|which) (\\w+ )?(brand|breed|team|club)\\b");
    private static final Pattern ASKS_OCCUPATION = Pattern.compile(
            "\\bdo(es|ing)? for (a |their |his |her )?(living|work|job|day job)\\b"
                    + "|\\bwhat (is|was|are|were) (your|his|her|their|\\w+'s) (job|jobs|profession|occupation)\\b"
                    + "|\\bwhat (work|job) (do|does|did)\\b");
    /** "favourite", "prefer", "like best", "love ... most": which one the person likes more than the others. */
    private static final Pattern ASKS_PREFERENCE = Pattern.compile("\\b(favou?rites?|prefers?|preferred)\\b"
            + "|\\b(like|likes|love|loves|enjoy|enjoys)\\b[^?]*\\b(best|most)\\b");

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
    /**
     * A liking said outright. Not a bare "like": it is as often a comparison or a recogniser's filler ("like a
     * biscuit is...") as a preference.
     */
    private static final Pattern HAS_PREFERENCE = Pattern.compile("\\b(favou?rites?|prefers?|preferred|prefer"
            + "|loves?|loved|loving|likes|liked|like (it |them |that |this )?(best|most|more)|enjoys?|enjoyed"
            + "|best|fond|keen on|rather|can't resist|cannot resist)\\b");
    /** A capitalised word after the first: a proper name in written text or punctuated speech. */
    private static final Pattern CAPITALISED_LATER = Pattern.compile("\\s\\p{Lu}\\p{Ll}");
    /** Work said outright: "as a nurse", "he is a teacher", "I worked at...", "she runs a farm", "retired". */
    private static final Pattern HAS_OCCUPATION = Pattern.compile("\\b(as|be|is|was|am|are|were|became|become"
            + "|becomes|used to be)( a| an)\\b|\\b(works?|worked|working|job|jobs|profession|career|employed"
            + "|retired|runs?|ran|owns?|owned|manages?|managed|teach(es)?|taught|studies|studying)\\b");

    /**
     * The kinds of fact a question asks for, one per question it joins ("How many loaves do you bake, and at what
     * time?": a count or a time of day). A sentence that answers any of them answers it; a part that names no kind
     * ("...and why?") lets any sentence answer, as the question would alone.
     */
    static List<ExpectedAnswer> ofParts(String question) {
        return partsOf(question).stream().map(ExpectedAnswer::of).distinct().toList();
    }

    /** The questions a question joins with "and" ("Where do you work, and what is your role?"), or itself alone. */
    static List<String> partsOf(String question) {
        return List.of(SECOND_QUESTION.split(question));
    }

    /** Whether a sentence holds a fact of one of the kinds asked ({@link #ofParts}). */
    static boolean fitsAny(List<ExpectedAnswer> asked, String sentence) {
        return asked.stream().anyMatch(e -> e.fits(sentence));
    }

    /** Whether every part of the question names the kind of fact it wants. */
    static boolean allSpecific(List<ExpectedAnswer> asked) {
        return asked.stream().allMatch(ExpectedAnswer::isSpecific);
    }

    static ExpectedAnswer of(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        if (ASKS_AGE.matcher(q).find()) {
            return AGE;
        }
        if (ASKS_PRICE.matcher(q).find()) {
            return PRICE;
        }
        if (ASKS_COUNT.matcher(q).find()) {
            return COUNT;
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
        if (ASKS_PREFERENCE.matcher(q).find()) {
            return PREFERENCE;
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
            case COUNT -> hasCount(lower);
            case NUMBER -> HAS_NUMBER.matcher(lower).find();
            case TIME_OF_DAY -> HAS_NUMBER.matcher(lower).find() || HAS_TIME_OF_DAY.matcher(lower).find();
            case COLOUR -> HAS_COLOUR.matcher(lower).find();
            case NAME -> HAS_NAME_WORD.matcher(lower).find() || CAPITALISED_LATER.matcher(withoutPronounI(sentence)).find();
            case OCCUPATION -> HAS_OCCUPATION.matcher(lower).find();
            case PREFERENCE -> HAS_PREFERENCE.matcher(lower).find();
            case ANY -> true;
        };
    }

    /**
     * A number that counts something: not one followed by a unit of time ("one year", "nine years ago") nor one
     * after a word that makes it an age, date or clock time ("turned seventy", "at seven", "in 1990").
     */
    private static boolean hasCount(String lower) {
        List<String> words = Sentences.lowerCaseWords(lower);
        for (int i = 0; i < words.size(); i++) {
            if (!isNumber(words.get(i)) || i > 0 && isNumber(words.get(i - 1)) || isPronounOne(words, i)) {
                continue;
            }
            int end = i;
            while (end + 1 < words.size() && (isNumber(words.get(end + 1)) || words.get(end + 1).equals("and")
                    && end + 2 < words.size() && isNumber(words.get(end + 2)))) {
                end++;
            }
            boolean timeAfter = end + 1 < words.size() && TIME_UNITS.contains(words.get(end + 1));
            boolean notCountBefore = i > 0 && NOT_A_COUNT_AFTER.contains(words.get(i - 1))
                    || i > 1 && AGE_VERBS.contains(words.get(i - 1)) && PRONOUNS.contains(words.get(i - 2));
            if (!timeAfter && !notCountBefore) {
                return true;
            }
        }
        return false;
    }

    /** "the oldest one", "this one": the pronoun, not the number. */
    private static boolean isPronounOne(List<String> words, int i) {
        if (!words.get(i).equals("one") || i == 0) {
            return false;
        }
        String before = words.get(i - 1);
        return DETERMINERS.contains(before) || before.endsWith("est");
    }

    private static boolean isNumber(String word) {
        return NUMBER_WORDS.contains(word) || Character.isDigit(word.charAt(0));
    }

    private static String withoutPronounI(String sentence) {
        return sentence.replaceAll("\\bI('\\w+)?\\b", "i");
    }
}
