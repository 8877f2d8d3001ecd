package dev.persona.chat.service.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The season, day of the week or month a question asks about ("What do your bees feed on in summer?", "What do you
 * do on Sunday mornings?"). A sentence about another one of the same kind and not the asked one ("In winter I feed
 * the bees sugar") tells of another occasion, so it does not answer: what the person does in winter says nothing of
 * summer. A sentence that names none, or the asked one among others, may answer. "May" and "fall" are left out: they
 * are as often a verb.
 */
final class AskedOccasion {
    private static final List<Set<String>> KINDS = List.of(
            Set.of("spring", "summer", "autumn", "winter"),
            Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
            Set.of("january", "february", "march", "april", "june", "july", "august", "september", "october",
                    "november", "december"));
    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    /** For each kind the question names, the ones it names; the other kinds stay empty. */
    private final List<Set<String>> asked;

    private AskedOccasion(List<Set<String>> asked) {
        this.asked = asked;
    }

    static AskedOccasion in(String question) {
        List<String> words = words(question);
        List<Set<String>> asked = new ArrayList<>();
        for (Set<String> kind : KINDS) {
            asked.add(Set.copyOf(words.stream().filter(kind::contains).toList()));
        }
        return new AskedOccasion(asked);
    }

    /** Whether the sentence may speak of the asked occasion: false when it names only others of its kind. */
    boolean sameOccasionIn(String sentence) {
        List<String> words = words(sentence);
        for (int k = 0; k < KINDS.size(); k++) {
            Set<String> wanted = asked.get(k);
            Set<String> kind = KINDS.get(k);
            if (!wanted.isEmpty() && words.stream().anyMatch(kind::contains)
                    && words.stream().noneMatch(wanted::contains)) {
                return false;
            }
        }
        return true;
    }

    /** Singular and lower case: "Sundays" and "summers" are the same occasions as "sunday" and "summer". */
    private static List<String> words(String text) {
        return WORD.matcher(text.toLowerCase(Locale.ROOT)).results().map(m -> m.group())
                .map(w -> w.endsWith("s") && w.length() > 4 ? w.substring(0, w.length() - 1) : w).toList();
    }
}
