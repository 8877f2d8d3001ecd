package dev.persona.bench.grounding.corpus;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The content words a question shares with the sentences that answer it, compared on crude stems. It tells how much
 * a question paraphrases its source: a keyword search finds the ones that share words, only meaning finds the rest.
 */
public final class LexicalOverlap {
    private static final Set<String> STOP_WORDS = Set.of(("a about after again all also am an and any are as at be "
            + "because been before being between both but by can could did do does doing done down during each even "
            + "ever every few for from get gets got had has have having he her here hers him his how i if in into is "
            + "it its just like make made many me more most much my never no nor not now of off on once one only or "
            + "other our out over own really same she should so some still such than that the their them then there "
            + "these they this those through to too under until up us very was we were what when where which while "
            + "who whom why will with would you your yours yourself").split(" "));

    private LexicalOverlap() {
    }

    public static Set<String> sharedStems(String question, List<String> sourceSentences) {
        Set<String> source = stems(String.join(" ", sourceSentences));
        return stems(question).stream().filter(source::contains).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static Set<String> stems(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> w.length() > 1 && !STOP_WORDS.contains(w))
                .map(LexicalOverlap::stem)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Drops a plural or verb ending and keeps at most five letters: "repairs", "repaired", "repairing" meet. */
    static String stem(String word) {
        String w = word;
        for (String suffix : new String[] {"ing", "ed", "es", "s"}) {
            if (w.length() > suffix.length() + 2 && w.endsWith(suffix)) {
                w = w.substring(0, w.length() - suffix.length());
                break;
            }
        }
        return w.length() > 5 ? w.substring(0, 5) : w;
    }
}
