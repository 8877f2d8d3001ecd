package dev.persona.chat.service.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.phonetic.DoubleMetaphoneFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * How what people say and write becomes keyword terms, for BM25 and keyword coverage (a Lucene analyzer): ICU word
 * segmentation (Unicode text segmentation with script rules, so Tamil and other scripts keep their combining marks),
 * apostrophes folded ("don't" -> "dont"), lower case, single letters dropped, English stopwords and conversational
 * fillers dropped, irregular forms mapped to their base ("grew" -> "grow", "children" -> "child") and the Snowball
 * English (Porter2) stemmer, so "cooking", "cooked" and "cooks" meet at "cook". Lucene's lighter stemmers were
 * tried and do not meet inflections: Krovetz keeps dictionary words whole ("cooking", "running", "studied",
 * "loving"), the minimal stemmer only removes plurals. Words in other scripts pass the stemmer unchanged.
 * <p>
 * With {@code phonetic}, every term is also indexed as its Double Metaphone key at the same position, so a word the
 * recogniser wrote by its sound still meets the question's spelling; keys are upper case and terms lower case, so
 * they never collide, and the exact term keeps its own weight.
 */
public final class SpokenTextAnalyzer extends Analyzer {
    /** The analysis without phonetic keys, for callers that only need a text's content words. */
    public static final SpokenTextAnalyzer PLAIN = new SpokenTextAnalyzer(false);

    private static final Pattern APOSTROPHE = Pattern.compile("['\u2019]");
    private static final int PHONETIC_KEY_LENGTH = 4;

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

    private static final CharArraySet STOP_SET = new CharArraySet(STOPWORDS, false);

    /** Irregular inflections people use when they talk about their past ("I grew up", "we ran"). */
    private static final StemmerOverrideFilter.StemmerOverrideMap IRREGULAR = irregular(
            "grew grow grown grow ran run made make went go gone go taught teach spent spend began begin begun begin "
                    + "wrote write written write bought buy brought bring thought think felt feel left leave met meet "
                    + "sang sing sung sing swam swim told tell took take taken take came come saw see seen see ate eat "
                    + "eaten eat drank drink drove drive flew fly fell fall found find gave give given give knew know "
                    + "known know lost lose paid pay sat sit slept sleep spoke speak spoken speak stood stand won win "
                    + "wore wear built build caught catch chose choose chosen choose kept keep led lead learnt learn "
                    + "heard hear held hold fought fight sold sell sent send understood understand children child "
                    + "men man women woman feet foot teeth tooth mice mouse studied study married marry");

    private final boolean phonetic;

    public SpokenTextAnalyzer(boolean phonetic) {
        this.phonetic = phonetic;
    }

    public boolean phonetic() {
        return phonetic;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer words = new ICUTokenizer();
        TokenStream stream = new PatternReplaceFilter(words, APOSTROPHE, "", true);
        stream = new LowerCaseFilter(stream);
        stream = new SingleLetterFilter(stream);
        stream = new StopFilter(stream, STOP_SET);
        stream = new StemmerOverrideFilter(stream, IRREGULAR);
        stream = new SnowballFilter(stream, new EnglishStemmer());
        if (phonetic) {
            stream = new DoubleMetaphoneFilter(stream, PHONETIC_KEY_LENGTH, true);
        }
        return new TokenStreamComponents(words, stream);
    }

    /** Index terms of a text, in order, duplicates kept (term frequency matters to BM25). */
    public List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        try (TokenStream stream = tokenStream(PersonaIndex.TEXT_FIELD, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                out.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing text in memory", e);
        }
        return out;
    }

    /** Distinct terms of a query, in order of first appearance. */
    public List<String> queryTerms(String query) {
        return new ArrayList<>(new LinkedHashSet<>(terms(query)));
    }

    private static StemmerOverrideFilter.StemmerOverrideMap irregular(String pairs) {
        String[] words = pairs.split(" ");
        StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
        for (int i = 0; i + 1 < words.length; i += 2) {
            builder.add(words[i], words[i + 1]);
        }
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops one-letter words ("s" of a split "it's", initials); a single digit is a number and stays. */
    private static final class SingleLetterFilter extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        SingleLetterFilter(TokenStream in) {
            super(in);
        }

        @Override
        protected boolean accept() {
            return term.length() >= 2 || Character.isDigit(term.charAt(0));
        }
    }
}
