package dev.persona.chat.service.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * How texts become keyword terms for BM25 and keyword coverage. With {@code phonetic}, every ASCII word of three
 * letters or more also yields its Double Metaphone key ("~KRTMM"), so a word the recogniser wrote by its sound
 * ("cardamon", "card a mom" aside) still meets the question's spelling; the exact term keeps its own weight, so an
 * exact match always beats a phonetic one.
 */
public record Keywords(boolean phonetic) {
    private static final ThreadLocal<DoubleMetaphone> ENCODER = ThreadLocal.withInitial(DoubleMetaphone::new);

    public static Keywords plain() {
        return new Keywords(false);
    }

    /** Index terms of a text, in order, duplicates kept (term frequency matters to BM25). */
    public List<String> terms(String text) {
        List<String> terms = TextAnalyzer.terms(text);
        if (!phonetic) {
            return terms;
        }
        List<String> out = new ArrayList<>(terms.size() * 2);
        for (String term : terms) {
            out.add(term);
            String key = phoneticKey(term);
            if (key != null) {
                out.add(key);
            }
        }
        return out;
    }

    /** Distinct terms of a query, in order of first appearance. */
    public List<String> queryTerms(String query) {
        return new ArrayList<>(new LinkedHashSet<>(terms(query)));
    }

    private static String phoneticKey(String term) {
        if (term.length() < 3 || !term.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return null;
        }
        String key = ENCODER.get().doubleMetaphone(term);
        return key == null || key.isEmpty() ? null : "~" + key;
    }
}
