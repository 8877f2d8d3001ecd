package dev.persona.chat.service.generation;

import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Chooses the one to {@code maxSentences} retrieved sentences an answer is made of and cites, among those that hold
 * the kind of fact the question asks for ({@link ExpectedAnswer}), of the thing it asks it of ({@link AskedThing}),
 * tell which one where it asks which ({@link AskedKind}), speak of the asked season, weekday or month and not only of
 * another ({@link AskedOccasion}), give a span of time of the asked thing where it asks how long
 * ({@link AskedDuration}), an amount per stretch of time where it asks one ({@link AskedRate}), and say something
 * ({@link Sentences#isInformative}):
 * the best evidence, then
 * others nearly as relevant, the sentence before one that leans on it ("It was...", "That's why...") and the one
 * after a chosen sentence when it goes on about the question ("The secret is to roast..."). They come
 * back grouped by source (the best source first) and, within a source, in the order they were said or written, so
 * the answer reads as the person told it and each sentence keeps its own citation.
 */
public final class EvidenceSelector {
    private static final Set<String> REFERRING = Set.of("it", "that", "this", "they", "there", "those", "these",
            "he", "she", "so", "but", "which", "then", "we", "his", "her", "their");
    /** How many sentences either side of gated evidence may hold the asked fact. */
    private static final int NEIGHBOURHOOD = 2;

    /**
     * {@code factMinSimilarity}: how close to the question a sentence next to gated evidence must be to answer a
     * question that wants a kind of fact; the gate's lower, keyword-backed threshold, the asked fact standing in for
     * the keywords. {@code unaddressedMinSimilarity}: the cosine the best chosen sentence must reach when the
     * question does not address the person at all ({@link #addressesPerson}); 0 for no such floor.
     */
    public record Params(int maxSentences, double keepWithin, double continuationMinSimilarity,
            double factMinSimilarity, double unaddressedMinSimilarity) {
        public Params {
            if (maxSentences < 1) {
                throw new IllegalArgumentException("an answer needs at least one sentence");
            }
        }

        /** Without a higher floor for questions that do not address the person. */
        public Params(int maxSentences, double keepWithin, double continuationMinSimilarity,
                double factMinSimilarity) {
            this(maxSentences, keepWithin, continuationMinSimilarity, factMinSimilarity, 0);
        }
    }

    /**
     * "How do I fix a leaking tap?", "What is the best way to learn...?", "Who will win...?": a question for advice
     * or a forecast, about the asker or the world rather than the person.
     */
    private static final Pattern ADVICE_OR_FORECAST = Pattern.compile("(?i)^\\W*(how (do|can|could|should|would|might)"
            + " (i|we|one)|what('s| is| are) the (best|right|easiest|quickest) ways? to|what should (i|we)"
            + "|(who|what|which|when|where|how) will)\\b");
    /**
     * "What is your opinion on...?", "What do you think about...?", "How do you feel about...?", "Who do you think
     * will win...?": a view on a topic or a forecast asked of the person, which their memory holds only where they
     * spoke of that topic.
     */
    private static final Pattern OPINION = Pattern.compile("(?i)\\b(what('s| is| are) your (opinions?|views?|thoughts?"
            + "|take) (on|of|about)|what do you (think|make) (about|of)|how do you feel about"
            + "|(who|what|which|when|where|how) do you (think|reckon|expect) (will|would|is going to|are going to))\\b");
    /**
     * "Can you help me write a cover letter?", "Could you recommend a novel?": a task for the assistant rather than a
     * question about the person's life, answered from their memory only where they spoke of the very thing.
     */
    private static final Pattern REQUEST = Pattern.compile("(?i)^\\W*(?:(can|could|would|will) you (please )?|please )"
            + "(help me|recommend|suggest|explain|write|draft|translate|summari[sz]e|calculate|give me|show me|teach me"
            + "|find me|book|order)\\b");
    /** How many of such a question's content words the evidence must say itself (see {@link #select}). */
    private static final double TOPIC_MIN_SHARED = 0.5;
    private static final Pattern ADDRESSED = Pattern.compile("(?i)\\b(you|your|yours|yourself)\\b");

    private EvidenceSelector() {
    }

    public static List<UsedSentence> select(String question, Retrieved retrieved, Params p) {
        List<ExpectedAnswer> expected = ExpectedAnswer.ofParts(question);
        AskedThing thing = AskedThing.in(question);
        AskedKind kind = AskedKind.in(question);
        AskedOccasion occasion = AskedOccasion.in(question);
        List<String> parts = ExpectedAnswer.partsOf(question);
        List<AskedDuration> durations = parts.stream().map(AskedDuration::in).toList();
        List<AskedRate> rates = parts.stream().map(AskedRate::in).toList();
        Predicate<String> holdsAskedFact = s -> ExpectedAnswer.fitsAny(expected, s) && thing.mentionedIn(s)
                && kind.toldApartIn(s) && occasion.sameOccasionIn(s)
                && durations.stream().anyMatch(d -> d.answeredIn(s)) && rates.stream().anyMatch(r -> r.answeredIn(s));
        List<UsedSentence> gated = ranked(retrieved, ExpectedAnswer.allSpecific(expected), holdsAskedFact, p);
        if (!gated.isEmpty() && !kind.toldApartIn(gated.get(0).text())) {
            // The best evidence says there is such a thing and not which: the person spoke of it without the asked
            // fact, and a weaker sentence would only answer a question nobody asked.
            return List.of();
        }
        List<UsedSentence> ranked = gated.stream().filter(u -> holdsAskedFact.test(u.text())).toList();
        if (ranked.isEmpty()) {
            return List.of();
        }
        double best = ranked.get(0).score();
        List<UsedSentence> chosen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (UsedSentence candidate : ranked) {
            if (chosen.size() >= p.maxSentences()) {
                break;
            }
            if ((chosen.isEmpty() || candidate.score() >= best - p.keepWithin()) && seen.add(key(candidate))) {
                chosen.add(candidate);
            }
        }
        addAntecedents(chosen, seen, p.maxSentences());
        addContinuations(chosen, seen, p);
        if (!addressesPerson(question)
                && chosen.stream().mapToDouble(UsedSentence::similarity).max().orElse(0) < p.unaddressedMinSimilarity()) {
            return List.of();
        }
        if (asksAdviceForecastOpinionOrTask(question) && sharedWordShare(topicOf(question), chosen) < TOPIC_MIN_SHARED) {
            return List.of();
        }
        return inOrderTold(chosen);
    }

    /**
     * Whether the question asks for advice or a forecast ({@link #ADVICE_OR_FORECAST}) and is not put to the person,
     * asks the person's view on a topic ({@link #OPINION}), or sets the assistant a task that is not about the person
     * ({@link #REQUEST}). Their memory answers one only where they talked about the very thing asked, so most of its
     * words must be in the evidence: a sentence that merely sounds like it
     * ("Learning english was hard." for "What is the best way to learn Python programming?") is no answer.
     */
    static boolean asksAdviceForecastOpinionOrTask(String question) {
        return !addressesPerson(question) && ADVICE_OR_FORECAST.matcher(question).find()
                || OPINION.matcher(question).find()
                || REQUEST.matcher(question).find() && !addressesPerson(topicOf(question));
    }

    /**
     * What such a question is about: its words but the asking ("What is the best way to", "What do you think of",
     * "Can you help me").
     */
    static String topicOf(String question) {
        String topic = ADVICE_OR_FORECAST.matcher(question).replaceFirst(" ");
        topic = OPINION.matcher(topic).replaceFirst(" ");
        return REQUEST.matcher(topic).replaceFirst(" ").strip();
    }

    /** The share of the text's distinct content words (stemmed) that the chosen sentences say. */
    static double sharedWordShare(String text, List<UsedSentence> chosen) {
        List<String> asked = SpokenTextAnalyzer.PLAIN.queryTerms(text);
        if (asked.isEmpty()) {
            return 1;
        }
        Set<String> said = new HashSet<>();
        chosen.forEach(u -> said.addAll(SpokenTextAnalyzer.PLAIN.terms(u.text())));
        return asked.stream().filter(said::contains).count() / (double) asked.size();
    }

    /**
     * Whether the question is put to the person ("you", "your"). One that is not ("How do I fix a leaking tap?",
     * "What is the capital of Australia?") asks for advice or general knowledge more often than about their life, so
     * its evidence must be closer to it: on the grounding benchmark a higher floor for these questions refused
     * out-of-corpus questions that only loosely matched something said, and no answerable one (GateCalibration's
     * sibling AnswerabilityCalibration prints the trade-off).
     */
    public static boolean addressesPerson(String question) {
        return ADDRESSED.matcher(question).find();
    }

    /**
     * Every gated sentence of every passage but headings and fragments, best evidence first. For a question that
     * wants a kind of fact, also the sentences next to gated evidence that hold such a fact and are about the
     * question too: the person names the topic, then gives the number ("For sale: a racing bike..." then "Asking a
     * hundred and twenty euro"), and the fact alone reads too little like the question to pass the gate.
     */
    private static List<UsedSentence> ranked(Retrieved retrieved, boolean wantsKindOfFact,
            Predicate<String> holdsAskedFact, Params p) {
        List<UsedSentence> all = new ArrayList<>();
        Set<String> added = new HashSet<>();
        for (Retrieved.Passage passage : retrieved.passages()) {
            for (Retrieved.Evidence e : passage.evidence()) {
                UsedSentence used = new UsedSentence(passage, e.position(), e.similarity(), e.score());
                if (isAnswerSentence(used) && added.add(key(used))) {
                    all.add(used);
                }
            }
        }
        if (wantsKindOfFact) {
            all.addAll(fittingNeighbours(all, holdsAskedFact, p, added));
        }
        all.sort(Comparator.comparingDouble(UsedSentence::score).reversed());
        return all;
    }

    private static List<UsedSentence> fittingNeighbours(List<UsedSentence> evidence, Predicate<String> holdsAskedFact,
            Params p, Set<String> added) {
        List<UsedSentence> neighbours = new ArrayList<>();
        for (UsedSentence used : evidence) {
            float[] similarities = used.passage().sentenceSimilarities();
            for (int at = Math.max(0, used.position() - NEIGHBOURHOOD);
                    at <= Math.min(similarities.length - 1, used.position() + NEIGHBOURHOOD); at++) {
                UsedSentence near = new UsedSentence(used.passage(), at, similarities[at], similarities[at]);
                if (at != used.position() && similarities[at] >= p.factMinSimilarity()
                        && isAnswerSentence(near) && holdsAskedFact.test(near.text()) && added.add(key(near))) {
                    neighbours.add(near);
                }
            }
        }
        return neighbours;
    }

    private static boolean isAnswerSentence(UsedSentence used) {
        return !Sentences.isHeading(used.text()) && Sentences.isInformative(used.text());
    }

    private static void addAntecedents(List<UsedSentence> chosen, Set<String> seen, int max) {
        for (UsedSentence used : List.copyOf(chosen)) {
            if (chosen.size() >= max) {
                return;
            }
            if (used.position() > 0 && REFERRING.contains(firstWord(used.text()))) {
                int before = used.position() - 1;
                UsedSentence previous = new UsedSentence(used.passage(), before,
                        used.passage().sentenceSimilarities()[before], used.score());
                if (Sentences.isInformative(previous.text()) && seen.add(key(previous))) {
                    chosen.add(previous);
                }
            }
        }
    }

    /** The sentence after a chosen one, when it is about the question too: how the person went on. */
    private static void addContinuations(List<UsedSentence> chosen, Set<String> seen, Params p) {
        for (UsedSentence used : List.copyOf(chosen)) {
            int next = used.position() + 1;
            float[] similarities = used.passage().sentenceSimilarities();
            if (chosen.size() >= p.maxSentences()) {
                return;
            }
            if (next < used.passage().chunk().sentences().size() && similarities[next] >= p.continuationMinSimilarity()) {
                UsedSentence following = new UsedSentence(used.passage(), next, similarities[next], used.score());
                if (!Sentences.isHeading(following.text()) && Sentences.isInformative(following.text())
                        && seen.add(key(following))) {
                    chosen.add(following);
                }
            }
        }
    }

    private static List<UsedSentence> inOrderTold(List<UsedSentence> chosen) {
        Map<String, List<UsedSentence>> bySource = new LinkedHashMap<>();
        for (UsedSentence used : chosen) {
            bySource.computeIfAbsent(used.sourceId(), k -> new ArrayList<>()).add(used);
        }
        List<UsedSentence> ordered = new ArrayList<>(chosen.size());
        for (List<UsedSentence> group : bySource.values()) {
            group.sort(Comparator.comparingInt((UsedSentence u) -> u.passage().chunk().index())
                    .thenComparingInt(UsedSentence::position));
            ordered.addAll(group);
        }
        return ordered;
    }

    private static String key(UsedSentence used) {
        return used.sourceId() + '|' + used.text().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    static String firstWord(String s) {
        int start = 0;
        while (start < s.length() && !Character.isLetter(s.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < s.length() && (Character.isLetter(s.charAt(end)) || s.charAt(end) == '\'')) {
            end++;
        }
        String word = s.substring(start, end).toLowerCase(Locale.ROOT);
        int apostrophe = word.indexOf('\'');
        return apostrophe > 0 ? word.substring(0, apostrophe) : word;
    }
}
