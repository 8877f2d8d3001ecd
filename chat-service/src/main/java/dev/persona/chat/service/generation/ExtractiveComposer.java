package dev.persona.chat.service.generation;

import dev.persona.chat.service.retrieval.Bm25Index;
import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.retrieval.TextAnalyzer;
import dev.persona.chat.service.retrieval.VectorMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The embedded default responder: answers in the persona's first person using only sentences they said or wrote.
 * Sentences of the best passages are scored against the question (meaning via the embedding model, plus keyword
 * overlap and the passage's rank), the few best are kept in their original order, rewritten from third to first
 * person where the source talks about the persona, and joined with light connectives. Nothing is invented: every
 * clause comes from a cited passage.
 */
public final class ExtractiveComposer {
    public static final String NOTHING_RELEVANT =
            "I haven't talked about that in anything I've recorded or written, so I'd rather not guess.";

    private static final int PASSAGES = 3;
    private static final int MAX_CANDIDATES = 30;
    private static final int MAX_SENTENCES = 3;
    private static final double KEEP_WITHIN = 0.12;
    private static final double MIN_SENTENCE_SIMILARITY = 0.25;
    private static final Pattern FILLERS = Pattern.compile("(?i)\\b(um+|uh+|erm|hmm+)\\b[,.]?\\s*|,?\\s*\\byou know\\b,?");
    private static final Pattern SPACES = Pattern.compile("\\s{2,}");
    private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile("\\s+([,.!?])");
    private static final Set<String> REFERRING = Set.of("it", "that", "this", "they", "there", "those", "these",
            "so", "but", "which", "then");
    private static final Set<String> CONNECTED = Set.of("and", "but", "so", "also", "plus", "then", "because");
    private static final String[] CONNECTIVES = {"Also, ", "And ", "On top of that, "};
    private static final Set<String> LOWERABLE = Set.of("the", "a", "an", "my", "we", "it", "our", "that", "this",
            "there", "when", "in", "on", "at", "for", "every", "most", "some", "one", "after", "before", "as", "if",
            "once", "what", "those", "these", "back", "growing", "during");

    private ExtractiveComposer() {
    }

    record Candidate(int passage, int position, String text, double score, float similarity) {
    }

    /**
     * @param embed embeds a batch of sentences with the same model as the question vector
     */
    public static String compose(String personaName, String question, Retrieved retrieved,
            Function<List<String>, List<float[]>> embed) {
        if (retrieved.isEmpty()) {
            return NOTHING_RELEVANT;
        }
        List<Retrieved.Passage> passages = retrieved.passages().subList(0, Math.min(PASSAGES, retrieved.passages().size()));
        List<List<String>> sentencesByPassage = new ArrayList<>();
        List<Candidate> raw = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int p = 0; p < passages.size(); p++) {
            List<String> sentences = Sentences.whole(passages.get(p).chunk().text());
            sentencesByPassage.add(sentences);
            for (int i = 0; i < sentences.size() && texts.size() < MAX_CANDIDATES; i++) {
                if (Sentences.words(sentences.get(i)) >= 3) {
                    raw.add(new Candidate(p, i, sentences.get(i), 0, 0));
                    texts.add(sentences.get(i));
                }
            }
        }
        if (raw.isEmpty()) {
            return NOTHING_RELEVANT;
        }
        float[] q = VectorMatrix.normalised(retrieved.queryVector());
        List<float[]> vectors = embed.apply(texts);
        List<String> queryTerms = Bm25Index.queryTerms(question);
        List<Candidate> scored = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Candidate c = raw.get(i);
            float sim = dot(q, VectorMatrix.normalised(vectors.get(i)));
            double overlap = overlap(queryTerms, c.text());
            double prior = 0.05 / (c.passage() + 1);
            scored.add(new Candidate(c.passage(), c.position(), c.text(), sim + 0.15 * overlap + prior, sim));
        }
        scored.sort(Comparator.comparingDouble(Candidate::score).reversed());

        List<Candidate> chosen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        double best = scored.get(0).score();
        for (Candidate c : scored) {
            if (chosen.size() >= MAX_SENTENCES) {
                break;
            }
            if (!chosen.isEmpty()) {
                // The rest of the best passage tells the same story; other passages must be nearly as relevant.
                boolean samePassage = c.passage() == chosen.get(0).passage();
                boolean keep = samePassage ? c.similarity() >= MIN_SENTENCE_SIMILARITY
                        : c.score() >= best - KEEP_WITHIN && c.similarity() >= MIN_SENTENCE_SIMILARITY;
                if (!keep) {
                    continue;
                }
            }
            if (seen.add(normalise(c.text()))) {
                chosen.add(c);
            }
        }
        // A chosen sentence that leans on the one before it ("It was...", "That's why...") brings it along.
        List<Candidate> withContext = new ArrayList<>(chosen);
        for (Candidate c : chosen) {
            if (c.position() > 0 && REFERRING.contains(firstWord(c.text()))) {
                String previous = sentencesByPassage.get(c.passage()).get(c.position() - 1);
                if (seen.add(normalise(previous))) {
                    withContext.add(new Candidate(c.passage(), c.position() - 1, previous, c.score(), c.similarity()));
                }
            }
        }
        // Passages in rank order, sentences in the order they were said.
        withContext.sort(Comparator.comparingInt(Candidate::passage).thenComparingInt(Candidate::position));

        FirstPersonRewriter rewriter = new FirstPersonRewriter(personaName);
        StringBuilder answer = new StringBuilder();
        int previousPassage = -1;
        int connective = 0;
        for (Candidate c : withContext) {
            String passageText = passages.get(c.passage()).chunk().text();
            String sentence = clean(rewriter.rewrite(c.text(), rewriter.mentionsPersona(passageText)));
            if (sentence.isEmpty()) {
                continue;
            }
            if (answer.length() > 0) {
                answer.append(' ');
                if (c.passage() != previousPassage && !CONNECTED.contains(firstWord(sentence))) {
                    sentence = CONNECTIVES[connective++ % CONNECTIVES.length] + lowerFirst(sentence);
                }
            }
            answer.append(sentence);
            previousPassage = c.passage();
        }
        return answer.length() == 0 ? NOTHING_RELEVANT : answer.toString();
    }

    static String clean(String sentence) {
        String s = FILLERS.matcher(sentence).replaceAll(" ");
        s = SPACE_BEFORE_PUNCT.matcher(SPACES.matcher(s).replaceAll(" ")).replaceAll("$1").strip();
        if (s.isEmpty()) {
            return s;
        }
        s = s.replaceFirst("^[,;:\\s]+", "");
        if (s.isEmpty()) {
            return s;
        }
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        if (!Sentences.endsSentence(s)) {
            s = s + ".";
        }
        return s;
    }

    private static String lowerFirst(String s) {
        String first = firstWord(s);
        if (LOWERABLE.contains(first)) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    private static String firstWord(String s) {
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private static double overlap(List<String> queryTerms, String sentence) {
        if (queryTerms.isEmpty()) {
            return 0;
        }
        Set<String> terms = new HashSet<>(TextAnalyzer.terms(sentence));
        long present = queryTerms.stream().filter(terms::contains).count();
        return (double) present / queryTerms.size();
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
