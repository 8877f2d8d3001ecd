package dev.persona.chat.service.style;

import dev.persona.chat.service.generation.Sentences;
import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import dev.persona.common.text.SentenceSplitter;
import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Computes a {@link StyleProfile} from a persona's chunk texts. Pure and deterministic. */
public final class StyleAnalyzer {
    private static final SentenceSplitter SPLITTER = new SentenceSplitter();
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}'\u2019]+");
    private static final Pattern CONTRACTION = Pattern.compile("(?i)\\b\\w+['\u2019](s|t|re|ve|ll|d|m)\\b");
    private static final Set<String> FIRST_PERSON = Set.of("i", "me", "my", "mine", "myself", "i'm", "i've", "i'd",
            "i'll", "we", "our", "us");
    private static final Set<String> INFORMAL = Set.of("yeah", "gonna", "wanna", "kinda", "sorta", "okay", "ok",
            "like", "stuff", "pretty", "super", "awesome", "cool", "lol", "nah", "yep", "guys", "um", "uh");
    /** Frequent romanised Tamil words in Tamil-English ("Tanglish") speech. */
    private static final Set<String> TAMIL_ROMANISED = Set.of("enna", "illa", "illai", "romba", "seri", "sari",
            "amma", "appa", "paati", "thatha", "akka", "anna", "thambi", "machan", "machi", "da", "di", "dei", "ma",
            "vanakkam", "nandri", "aamaa", "aama", "konjam", "saapadu", "sapadu", "veedu", "ooru", "paaru", "paathu",
            "sollu", "vaa", "po", "podu", "nalla", "nallaa", "eppadi", "enga", "inga", "anga", "ippo", "appo",
            "kaapi", "kozhambu", "rasam", "sambar", "thayir", "naan", "nee", "avan", "aval", "ponga", "vaanga",
            "theriyum", "theriyala", "pannu", "panren", "aachu", "irukku", "irundhu", "maari", "semma", "kalyanam");
    /** Frequent romanised Hindi words in Hinglish. */
    private static final Set<String> HINDI_ROMANISED = Set.of("hai", "nahi", "nahin", "kya", "acha", "accha",
            "yaar", "bhai", "haan", "matlab", "bahut", "thoda", "kyunki", "lekin", "aur", "mera", "meri", "tum",
            "aap", "hum", "chalo", "arre", "theek", "bilkul", "ghar", "khana", "dost", "beta", "ji");

    private StyleAnalyzer() {
    }

    public static StyleProfile analyse(List<String> texts) {
        if (texts.isEmpty()) {
            return StyleProfile.empty();
        }
        int sentences = 0;
        long sentenceWords = 0;
        long words = 0;
        long firstPerson = 0;
        long informal = 0;
        long contractions = 0;
        long letters = 0;
        Map<UnicodeScript, Long> scripts = new HashMap<>();
        long tamilLexicon = 0;
        long hindiLexicon = 0;
        Set<String> examples = new LinkedHashSet<>();
        Map<String, Integer> phrases = new HashMap<>();

        for (String text : texts) {
            for (SentenceSplitter.Span span : SPLITTER.split(text, null)) {
                sentences++;
                sentenceWords += Sentences.words(text.substring(span.start(), span.end()));
            }
            Matcher c = CONTRACTION.matcher(text);
            while (c.find()) {
                contractions++;
            }
            text.codePoints().filter(Character::isLetter).forEach(cp -> scripts.merge(UnicodeScript.of(cp), 1L, Long::sum));
            letters += text.codePoints().filter(Character::isLetter).count();
            List<String> tokens = new ArrayList<>();
            Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) {
                String w = m.group().replace('\u2019', '\'');
                tokens.add(w);
                words++;
                if (FIRST_PERSON.contains(w)) {
                    firstPerson++;
                }
                if (INFORMAL.contains(w)) {
                    informal++;
                }
                if (TAMIL_ROMANISED.contains(w)) {
                    tamilLexicon++;
                    if (examples.size() < 5) {
                        examples.add(w);
                    }
                }
                if (HINDI_ROMANISED.contains(w)) {
                    hindiLexicon++;
                    if (examples.size() < 5) {
                        examples.add(w);
                    }
                }
            }
            countPhrases(tokens, phrases);
        }

        double avg = sentences == 0 ? 0 : (double) sentenceWords / sentences;
        double contractionRate = words == 0 ? 0 : (double) contractions / words;
        double informalRate = words == 0 ? 0 : (double) informal / words;
        double firstPersonRate = words == 0 ? 0 : (double) firstPerson / words;
        // Contractions and colloquial words mark conversational speech; long sentences without them read formal.
        double informality = contractionRate * 4 + informalRate * 6 + (avg < 14 ? 0.1 : 0) - (avg > 24 ? 0.1 : 0);
        String formality = informality > 0.25 ? "casual, conversational"
                : informality > 0.1 ? "neutral, friendly" : "formal";

        long latin = scripts.getOrDefault(UnicodeScript.LATIN, 0L);
        long tamil = scripts.getOrDefault(UnicodeScript.TAMIL, 0L);
        long devanagari = scripts.getOrDefault(UnicodeScript.DEVANAGARI, 0L);
        double nonLatinShare = letters == 0 ? 0 : (double) (letters - latin) / letters;
        double tamilShare = words == 0 ? 0 : (double) tamilLexicon / words;
        double hindiShare = words == 0 ? 0 : (double) hindiLexicon / words;
        List<String> languages = new ArrayList<>();
        boolean mixed = false;
        if (latin > 0 && (tamil > 0.02 * letters || tamilShare >= 0.01)) {
            languages.add("Tamil");
            mixed = true;
        }
        if (latin > 0 && (devanagari > 0.02 * letters || hindiShare >= 0.01)) {
            languages.add("Hindi");
            mixed = true;
        }
        if (mixed) {
            languages.add("English");
        }
        if (tamil > 0 || devanagari > 0) {
            texts.stream().flatMap(t -> WORD.matcher(t).results().map(java.util.regex.MatchResult::group))
                    .filter(w -> w.codePoints().anyMatch(cp -> UnicodeScript.of(cp) == UnicodeScript.TAMIL
                            || UnicodeScript.of(cp) == UnicodeScript.DEVANAGARI))
                    .limit(3).forEach(examples::add);
        }

        List<String> frequent = phrases.entrySet().stream().filter(e -> e.getValue() >= 2)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(8).map(Map.Entry::getKey).toList();
        return new StyleProfile(texts.size(), sentences, round(avg), frequent, formality, round(contractionRate),
                round(firstPersonRate), new StyleProfile.CodeMixing(mixed, languages, round(nonLatinShare),
                        round(tamilShare + hindiShare), mixed ? List.copyOf(examples) : List.of()));
    }

    /** Two- and three-word phrases that contain at least one content word. */
    private static void countPhrases(List<String> tokens, Map<String, Integer> phrases) {
        for (int n = 2; n <= 3; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                List<String> gram = tokens.subList(i, i + n);
                boolean content = gram.stream().anyMatch(w -> !SpokenTextAnalyzer.STOPWORDS.contains(w.replace("'", ""))
                        && w.length() > 2);
                if (content) {
                    phrases.merge(String.join(" ", gram), 1, Integer::sum);
                }
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
