package dev.persona.chat.service.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keyword analysis for BM25 and sentence scoring: Unicode-aware word splitting (Tamil and other scripts keep their
 * combining marks), apostrophes folded ("don't" -> "dont"), English stopwords and conversational fillers dropped,
 * and a light suffix stemmer so "cooking", "cooked" and "cooks" meet at "cook". A full Porter stemmer over-merges
 * short spoken words; this one only removes inflections.
 */
public final class TextAnalyzer {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+");
    private static final Pattern APOSTROPHE = Pattern.compile("(?<=\\p{L})['\u2019](?=\\p{L})");

    public static final Set<String> STOPWORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "arent", "as",
            "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cant",
            "could", "couldnt", "did", "didnt", "do", "does", "doesnt", "doing", "dont", "down", "during", "each",
            "few", "for", "from", "further", "had", "hadnt", "has", "hasnt", "have", "havent", "having", "he", "hed",
            "hell", "hes", "her", "here", "heres", "hers", "herself", "him", "himself", "his", "how", "hows", "i",
            "id", "ill", "im", "ive", "if", "in", "into", "is", "isnt", "it", "its", "itself", "lets", "me", "more",
            "most", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "ought",
            "our", "ours", "ourselves", "out", "over", "own", "same", "she", "shed", "shell", "shes", "should",
            "shouldnt", "so", "some", "such", "than", "that", "thats", "the", "their", "theirs", "them",
            "themselves", "then", "there", "theres", "these", "they", "theyd", "theyll", "theyre", "theyve", "this",
            "those", "through", "to", "too", "under", "until", "up", "very", "was", "wasnt", "we", "wed", "well",
            "were", "weve", "werent", "what", "whats", "when", "whens", "where", "wheres", "which", "while", "who",
            "whos", "whom", "why", "whys", "will", "with", "wont", "would", "wouldnt", "you", "youd", "youll",
            "youre", "youve", "your", "yours", "yourself", "yourselves",
            // question scaffolding and spoken fillers that carry no topic
            "tell", "say", "said", "talk", "talked", "know", "like", "just", "really", "um", "uh", "yeah", "oh",
            "okay", "ok", "actually", "basically", "also", "get", "got", "thing", "things", "lot", "kind", "sort",
            "much", "many", "ever", "one", "us", "let", "please", "want", "wanted");

    /** Irregular inflections people use when they talk about their past ("I grew up", "we ran"). */
    private static final Map<String, String> IRREGULAR = irregular(
            "grew grow grown grow ran run made make went go gone go taught teach spent spend began begin begun begin "
                    + "wrote write written write bought buy brought bring thought think felt feel left leave met meet "
                    + "sang sing sung sing swam swim told tell took take taken take came come saw see seen see ate eat "
                    + "eaten eat drank drink drove drive flew fly fell fall found find gave give given give knew know "
                    + "known know lost lose paid pay sat sit slept sleep spoke speak spoken speak stood stand won win "
                    + "wore wear built build caught catch chose choose chosen choose kept keep led lead learnt learn "
                    + "heard hear held hold fought fight sold sell sent send understood understand children child "
                    + "men man women woman feet foot teeth tooth mice mouse studied study married marry");

    private TextAnalyzer() {
    }

    /** Index terms of a text, in order, duplicates kept (term frequency matters to BM25). */
    public static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String folded = APOSTROPHE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
        Matcher m = WORD.matcher(folded);
        while (m.find()) {
            String word = m.group();
            if (word.length() < 2 && !Character.isDigit(word.charAt(0)) || STOPWORDS.contains(word)) {
                continue;
            }
            out.add(stem(IRREGULAR.getOrDefault(word, word)));
        }
        return out;
    }

    private static Map<String, String> irregular(String pairs) {
        String[] words = pairs.split(" ");
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < words.length; i += 2) {
            map.put(words[i], words[i + 1]);
        }
        return Map.copyOf(map);
    }

    /** Inflection-only stemming for ASCII words; words in other scripts pass through. */
    public static String stem(String w) {
        if (w.length() <= 3 || !isAscii(w)) {
            return w;
        }
        String s = w;
        if (s.endsWith("ies") && s.length() > 4) {
            s = s.substring(0, s.length() - 3) + "y";
        } else if (s.endsWith("sses")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("ing") && s.length() >= 6) {
            s = undouble(s.substring(0, s.length() - 3));
        } else if (s.endsWith("ied") && s.length() > 4) {
            s = s.substring(0, s.length() - 3) + "y";
        } else if (s.endsWith("ed") && s.length() >= 5) {
            s = undouble(s.substring(0, s.length() - 2));
        }
        // "love", "loved", "loving" all end up at "lov".
        if (s.endsWith("e") && s.length() > 3) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "lsz".indexOf(s.charAt(n - 1)) < 0
                && "aeiou".indexOf(s.charAt(n - 1)) < 0) {
            return s.substring(0, n - 1);
        }
        return s;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }
}
