package dev.persona.chat.service.generation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kind of fact a question asks for, where its wording says so plainly: a number ("How many cows...", "How old
 * were you...", "What year...") or a name ("What is your daughter's name?", "What is the bakery called?"). A
 * sentence that talks about the topic but holds no such fact does not answer the question ("I walk my dog every
 * morning" for "What is your dog's name?"), so it is not evidence for it. Questions of any other form accept any
 * sentence. Recognised speech spells numbers out and writes names in lower case, so both forms count.
 */
enum ExpectedAnswer {
    NUMBER, NAME, ANY;

    private static final Pattern ASKS_NUMBER = Pattern.compile(
            "\\b(how (many|much|old)|what (year|age)|in which year|at what age)\\b");
    private static final Pattern ASKS_NAME = Pattern.compile(
            "\\b(what|which)('s| is| was| are| were)\\b[^?]*\\b(name|called)\\b|\\bname of\\b");
    private static final Pattern HAS_NUMBER = Pattern.compile("\\d|\\b(one|two|three|four|five|six|seven|eight|nine"
            + "|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
            + "|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|dozen|half|a couple|once|twice)\\b");
    private static final Pattern HAS_NAME_WORD = Pattern.compile("\\b(name|names|named|called|call|calls)\\b");
    /** A capitalised word after the first: a proper name in written text or punctuated speech. */
    private static final Pattern CAPITALISED_LATER = Pattern.compile("\\s\\p{Lu}\\p{Ll}");

    static ExpectedAnswer of(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        if (ASKS_NUMBER.matcher(q).find()) {
            return NUMBER;
        }
        if (ASKS_NAME.matcher(q).find()) {
            return NAME;
        }
        return ANY;
    }

    boolean fits(String sentence) {
        String lower = sentence.toLowerCase(Locale.ROOT);
        return switch (this) {
            case NUMBER -> HAS_NUMBER.matcher(lower).find();
            case NAME -> HAS_NAME_WORD.matcher(lower).find() || CAPITALISED_LATER.matcher(withoutPronounI(sentence)).find();
            case ANY -> true;
        };
    }

    private static String withoutPronounI(String sentence) {
        return sentence.replaceAll("\\bI('\\w+)?\\b", "i");
    }
}
