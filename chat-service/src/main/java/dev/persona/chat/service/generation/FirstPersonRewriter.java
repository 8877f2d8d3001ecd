package dev.persona.chat.service.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns sentences written about the persona ("Priya grew up in Madurai. She loves filter coffee.") into the
 * persona's own voice ("I grew up in Madurai. I love filter coffee."). Only names and pronouns that refer to the
 * persona change, with the verb after a new "I" put back in agreement; no word is added that carries a fact.
 * Pronouns are only rewritten in text that names the persona, so "she" in the persona's own story about a friend
 * stays "she".
 */
public final class FirstPersonRewriter {
    private static final Set<String> ADVERBS = Set.of("always", "never", "often", "still", "also", "usually",
            "sometimes", "really", "just", "rarely", "now", "then", "even", "only", "already", "mostly", "actually");
    private static final Set<String> NOT_NOUN_AFTER_HER = Set.of("to", "and", "or", "the", "a", "an", "in", "on",
            "at", "for", "with", "from", "about", "that", "this", "as", "up", "out", "off", "back", "again", "how",
            "what", "when", "why", "where", "if", "because", "so", "but", "into", "over", "once", "too", "first",
            "last", "ever", "later", "today", "yesterday", "tomorrow", "there", "here", "by", "of");
    private static final Pattern WORD = Pattern.compile("[\\p{L}'\u2019]+");
    private static final Pattern SELF_INTRO = Pattern.compile(
            "(?i)(I'm|I am|name is|named|called|call me|this is|it's|it is)\\s*$");

    private final List<Pattern> names;

    public FirstPersonRewriter(String personaName) {
        names = new ArrayList<>();
        if (personaName != null && !personaName.isBlank()) {
            String full = personaName.strip();
            names.add(Pattern.compile("\\b" + Pattern.quote(full) + "\\b"));
            String first = full.split("\\s+")[0];
            if (!first.equals(full) && first.length() >= 2) {
                names.add(Pattern.compile("\\b" + Pattern.quote(first) + "\\b"));
            }
        }
    }

    /** Whether a text talks about the persona by name, which licenses rewriting its third-person pronouns. */
    public boolean mentionsPersona(String text) {
        return names.stream().anyMatch(p -> p.matcher(text).find());
    }

    public String rewrite(String sentence, boolean thirdPersonAboutPersona) {
        String s = sentence;
        for (Pattern name : names) {
            s = replaceName(s, name);
        }
        if (thirdPersonAboutPersona) {
            s = replacePronouns(s);
        }
        return s;
    }

    private String replaceName(String s, Pattern name) {
        Matcher m = name.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String before = s.substring(0, m.start());
            if (SELF_INTRO.matcher(before).find()) {
                continue;
            }
            out.append(s, last, m.start());
            boolean atStart = before.isBlank();
            String rest = s.substring(m.end());
            if (rest.startsWith("'s") || rest.startsWith("\u2019s")) {
                out.append(atStart ? "My" : "my");
                last = m.end() + 2;
            } else if (isObjectPosition(before)) {
                out.append("me");
                last = m.end();
            } else {
                out.append("I");
                last = m.end();
                int[] fixed = agreeVerb(s, last, out);
                last = fixed[0];
            }
        }
        out.append(s.substring(last));
        return out.toString();
    }

    private String replacePronouns(String s) {
        Matcher m = WORD.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (m.start() < last) {
                continue;
            }
            String word = m.group();
            String lower = word.toLowerCase(Locale.ROOT);
            boolean cap = Character.isUpperCase(word.charAt(0));
            String replacement = null;
            boolean subject = false;
            switch (lower) {
                case "she", "he" -> {
                    replacement = "I";
                    subject = true;
                }
                case "she's", "he's", "she\u2019s", "he\u2019s" -> replacement = "I'm";
                case "his" -> replacement = "my";
                case "him" -> replacement = "me";
                case "herself", "himself" -> replacement = "myself";
                case "hers" -> replacement = "mine";
                case "her" -> replacement = nextWordIsNoun(s, m.end()) ? "my" : "me";
                default -> {
                }
            }
            if (replacement == null) {
                continue;
            }
            out.append(s, last, m.start());
            out.append(cap && !replacement.equals("I") && !replacement.startsWith("I'")
                    ? Character.toUpperCase(replacement.charAt(0)) + replacement.substring(1) : replacement);
            last = m.end();
            if (subject) {
                last = agreeVerb(s, last, out)[0];
            }
        }
        out.append(s.substring(last));
        return out.toString();
    }

    /** Rewrites the verb that follows a new subject "I" (skipping adverbs); returns the index copied up to. */
    private static int[] agreeVerb(String s, int from, StringBuilder out) {
        Matcher w = WORD.matcher(s);
        int pos = from;
        while (w.find(pos)) {
            String gap = s.substring(pos, w.start());
            if (!gap.isBlank() && !gap.equals(" ")) {
                break;
            }
            String word = w.group();
            if (ADVERBS.contains(word.toLowerCase(Locale.ROOT))) {
                out.append(s, pos, w.end());
                pos = w.end();
                continue;
            }
            String agreed = firstPersonVerb(word);
            if (agreed == null) {
                break;
            }
            out.append(gap).append(agreed);
            return new int[] {w.end()};
        }
        return new int[] {pos};
    }

    /** The first-person form of a third-person present verb, or null if the word is not one. */
    static String firstPersonVerb(String w) {
        switch (w) {
            case "is": return "am";
            case "has": return "have";
            case "does": return "do";
            case "doesn't", "doesn\u2019t": return "don't";
            case "isn't", "isn\u2019t": return "am not";
            case "hasn't", "hasn\u2019t": return "haven't";
            case "was", "wasn't", "had", "did", "will", "would", "can", "could", "should", "might", "must":
                return w;
            default:
        }
        if (w.length() < 4 || !w.chars().allMatch(Character::isLowerCase)) {
            return null;
        }
        if (w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("shes") || w.endsWith("ches") || w.endsWith("xes") || w.endsWith("zes")
                || w.endsWith("oes")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return null;
    }

    private static boolean nextWordIsNoun(String s, int from) {
        Matcher w = WORD.matcher(s);
        if (!w.find(from)) {
            return false;
        }
        String gap = s.substring(from, w.start());
        if (!gap.equals(" ")) {
            return false;
        }
        return !NOT_NOUN_AFTER_HER.contains(w.group().toLowerCase(Locale.ROOT));
    }

    private static boolean isObjectPosition(String before) {
        String trimmed = before.stripTrailing();
        if (trimmed.isEmpty()) {
            return false;
        }
        char last = trimmed.charAt(trimmed.length() - 1);
        if (!Character.isLetter(last)) {
            return false;
        }
        int start = trimmed.length() - 1;
        while (start > 0 && Character.isLetter(trimmed.charAt(start - 1))) {
            start--;
        }
        String prev = trimmed.substring(start).toLowerCase(Locale.ROOT);
        // "Amma and Priya went" keeps a subject; "taught Priya", "with Priya" are objects.
        return !Set.of("and", "or", "but", "when", "because", "so", "then", "that", "while", "if", "as")
                .contains(prev);
    }
}
