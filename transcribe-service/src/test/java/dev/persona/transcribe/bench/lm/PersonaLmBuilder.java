package dev.persona.transcribe.bench.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Adapts a generic trigram model to one persona's text by linear interpolation with a bigram model of that text:
 * {@code P(w|h) = lambda * P_persona(w|h) + (1 - lambda) * P_generic(w|h)} on every n-gram either model has
 * explicitly, with every back-off weight recomputed so each context's distribution sums to one (the static
 * interpolation of SRILM's {@code -mix-lm}).
 *
 * <p>The persona model is Witten-Bell smoothed: {@code P_p(w) = (c(w) + T * P_g(w)) / (N + T)} (N predicted tokens,
 * T distinct types, so it backs off to the generic unigram) and {@code P_p(w|v) = (c(v w) + T(v) * P_p(w)) / (c(v) +
 * T(v))}. Words of the text that the generic model lacks are added when the lexicon has or can guess a
 * pronunciation; other words cut the sentence (no bigram spans them).
 */
public final class PersonaLmBuilder {
    private static final double FLOOR = 1e-9;

    public record Result(NgramModel model, Map<String, String> newPronunciations, Stats stats) {
    }

    public record Stats(int sentences, int tokens, int types, int bigramTypes, int newWords, int addedBigrams,
            int droppedWords, List<String> dropped) {
    }

    private PersonaLmBuilder() {
    }

    public static Result adapt(NgramModel g, List<List<String>> sentences, double lambda, Lexicon lexicon) {
        if (g.order != 3) {
            throw new IllegalArgumentException("the generic model must be a trigram model");
        }
        if (lambda < 0 || lambda >= 1) {
            throw new IllegalArgumentException("lambda must be in [0, 1)");
        }
        int gv = g.words.length;
        int bos = g.id(NgramModel.BOS);
        int eos = g.id(NgramModel.EOS);

        // Vocabulary: the generic one, then the text's new words that can be pronounced.
        Map<String, String> newPron = new TreeMap<>();
        Map<String, Integer> dropped = new TreeMap<>();
        for (List<String> s : sentences) {
            for (String w : s) {
                if (w == null || g.contains(w) || newPron.containsKey(w) || dropped.containsKey(w)) {
                    continue;
                }
                if (lexicon != null && lexicon.contains(w)) {
                    newPron.put(w, ""); // already in the dictionary
                } else {
                    Optional<String> guess = lexicon == null ? Optional.empty() : lexicon.guess(w);
                    if (guess.isPresent()) {
                        newPron.put(w, guess.get());
                    } else {
                        dropped.put(w, 0);
                    }
                }
            }
        }
        String[] words = Arrays.copyOf(g.words, gv + newPron.size());
        int next = gv;
        for (String w : newPron.keySet()) {
            words[next++] = w;
        }
        Map<String, Integer> ids = new HashMap<>(g.ids);
        for (int i = gv; i < words.length; i++) {
            ids.put(words[i], i);
        }
        int vocab = words.length;

        // Persona counts over fragments; the first fragment starts with <s>, the last ends with </s>.
        long[] c1 = new long[vocab];
        Map<Long, Long> c2 = new HashMap<>();
        long[] c2ctx = new long[vocab];
        int[] t2 = new int[vocab];
        int tokens = 0;
        for (List<String> s : sentences) {
            List<List<Integer>> fragments = new ArrayList<>();
            List<Integer> current = new ArrayList<>();
            current.add(bos);
            for (String w : s) {
                Integer id = w == null ? null : ids.get(w);
                if (id == null) {
                    if (current.size() > 0) {
                        fragments.add(current);
                    }
                    current = new ArrayList<>();
                } else {
                    current.add(id);
                }
            }
            current.add(eos);
            fragments.add(current);
            for (List<Integer> f : fragments) {
                for (int i = 0; i < f.size(); i++) {
                    int w = f.get(i);
                    if (w == bos) {
                        continue;
                    }
                    c1[w]++;
                    tokens++;
                    if (i > 0) {
                        long key = (long) f.get(i - 1) * vocab + w;
                        if (c2.merge(key, 1L, Long::sum) == 1L) {
                            t2[f.get(i - 1)]++;
                        }
                        c2ctx[f.get(i - 1)]++;
                    }
                }
            }
        }
        int types = 0;
        for (long c : c1) {
            if (c > 0) {
                types++;
            }
        }

        // Unigrams.
        double[] pg1 = new double[vocab];
        for (int w = 0; w < gv; w++) {
            pg1[w] = w == bos ? 0 : Math.pow(10, g.uniP[w]);
        }
        double[] pp1 = new double[vocab];
        double[] pa1 = new double[vocab];
        for (int w = 0; w < vocab; w++) {
            pp1[w] = tokens == 0 ? pg1[w] : (c1[w] + types * pg1[w]) / (tokens + (double) types);
            pa1[w] = lambda * pp1[w] + (1 - lambda) * pg1[w];
        }
        float[] uniP = new float[vocab];
        for (int w = 0; w < vocab; w++) {
            uniP[w] = w == bos ? -99f : (float) Math.log10(Math.max(pa1[w], FLOOR * FLOOR));
        }

        // Persona bigrams by context, sorted by predicted word.
        Map<Integer, List<Integer>> personaNext = new HashMap<>();
        for (Long key : c2.keySet()) {
            personaNext.computeIfAbsent((int) (key / vocab), k -> new ArrayList<>()).add((int) (key % vocab));
        }
        personaNext.values().forEach(l -> l.sort(null));

        // Bigrams: the union of the generic ones and the persona's, per context.
        int added = 0;
        int[] biStart = new int[vocab + 1];
        int capacity = g.biWord.length + c2.size();
        int[] biWord = new int[capacity];
        float[] biP = new float[capacity];
        float[] biBo = new float[capacity];
        int[] oldToNew = new int[g.biWord.length];
        float[] uniBo = new float[vocab];
        int nb = 0;
        for (int v = 0; v < vocab; v++) {
            biStart[v] = nb;
            int gFrom = v < gv ? g.biStart[v] : 0;
            int gTo = v < gv ? g.biStart[v + 1] : 0;
            List<Integer> pn = personaNext.getOrDefault(v, List.of());
            int i = gFrom;
            int j = 0;
            double sumA = 0;
            double sumLower = 0;
            while (i < gTo || j < pn.size()) {
                int w;
                boolean inG;
                if (j >= pn.size() || (i < gTo && g.biWord[i] <= pn.get(j))) {
                    w = g.biWord[i];
                    inG = true;
                    if (j < pn.size() && pn.get(j) == w) {
                        j++;
                    }
                } else {
                    w = pn.get(j++);
                    inG = false;
                    added++;
                }
                double pg2;
                if (inG) {
                    pg2 = Math.pow(10, g.biP[i]);
                    oldToNew[i] = nb;
                    biBo[nb] = g.biBo[i]; // replaced when its trigrams are adapted below
                    i++;
                } else {
                    pg2 = w < gv && v < gv ? Math.pow(10, g.uniBo[v] + g.uniP[w]) : (w < gv ? pg1[w] : 0);
                    biBo[nb] = 0f;
                }
                double pp2 = personaBigram(c2, c2ctx, t2, pp1, vocab, v, w);
                double pa2 = lambda * pp2 + (1 - lambda) * pg2;
                biWord[nb] = w;
                biP[nb] = (float) Math.log10(Math.max(pa2, FLOOR * FLOOR));
                sumA += pa2;
                sumLower += pa1[w];
                nb++;
            }
            uniBo[v] = (float) backoff(sumA, sumLower);
        }
        biStart[vocab] = nb;
        biWord = Arrays.copyOf(biWord, nb);
        biP = Arrays.copyOf(biP, nb);
        biBo = Arrays.copyOf(biBo, nb);

        // Trigrams: the generic ones, re-weighted, their contexts' back-off weights recomputed.
        int nt = g.triWord.length;
        int[] triStart = new int[nb + 1];
        int[] triWord = new int[nt];
        float[] triP = new float[nt];
        int t = 0;
        int[] newToOld = new int[nb];
        Arrays.fill(newToOld, -1);
        for (int b = 0; b < g.biWord.length; b++) {
            newToOld[oldToNew[b]] = b;
        }
        for (int v = 0; v < vocab; v++) { // v: first word of the context bigram (u in "u v w")
            for (int b = biStart[v]; b < biStart[v + 1]; b++) {
                triStart[b] = t;
                int old = newToOld[b];
                if (old < 0 || g.triStart[old] == g.triStart[old + 1]) {
                    continue;
                }
                int mid = biWord[b];
                double sumA = 0;
                double sumLower = 0;
                for (int k = g.triStart[old]; k < g.triStart[old + 1]; k++) {
                    int w = g.triWord[k];
                    double pg3 = Math.pow(10, g.triP[k]);
                    double pp2 = personaBigram(c2, c2ctx, t2, pp1, vocab, mid, w);
                    double pa3 = lambda * pp2 + (1 - lambda) * pg3;
                    triWord[t] = w;
                    triP[t] = (float) Math.log10(Math.max(pa3, FLOOR * FLOOR));
                    sumA += pa3;
                    int bb = NgramModel.search(biWord, biStart[mid], biStart[mid + 1], w);
                    sumLower += bb >= 0 ? Math.pow(10, biP[bb]) : Math.pow(10, uniBo[mid]) * pa1[w];
                    t++;
                }
                biBo[b] = (float) backoff(sumA, sumLower);
            }
        }
        triStart[nb] = t;

        NgramModel adapted = new NgramModel(3, words, uniP, uniBo, biStart, biWord, biP, biBo, triStart,
                Arrays.copyOf(triWord, t), Arrays.copyOf(triP, t));
        Map<String, String> pronunciations = new LinkedHashMap<>();
        newPron.forEach((w, p) -> {
            if (!p.isEmpty()) {
                pronunciations.put(w, p);
            }
        });
        return new Result(adapted, pronunciations, new Stats(sentences.size(), tokens, types, c2.size(),
                newPron.size(), added, dropped.size(), List.copyOf(dropped.keySet())));
    }

    private static double personaBigram(Map<Long, Long> c2, long[] c2ctx, int[] t2, double[] pp1, int vocab, int v,
            int w) {
        if (c2ctx[v] == 0) {
            return pp1[w];
        }
        Long c = c2.get((long) v * vocab + w);
        return ((c == null ? 0 : c) + t2[v] * pp1[w]) / (c2ctx[v] + (double) t2[v]);
    }

    /** log10 of (1 - explicit mass) / (1 - the same words' mass one order lower), guarded against rounding. */
    private static double backoff(double explicit, double lower) {
        double num = Math.max(1 - explicit, FLOOR);
        double den = Math.max(1 - lower, FLOOR);
        return Math.log10(num / den);
    }
}
