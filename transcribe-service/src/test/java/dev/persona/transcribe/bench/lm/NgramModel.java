package dev.persona.transcribe.bench.lm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A back-off n-gram language model of order 1 to 3 held in flat arrays, probabilities and back-off weights as log10
 * (the ARPA convention). Bigrams are grouped by their first word, trigrams by the index of their first two words'
 * bigram, each group sorted by the predicted word, so a lookup is a binary search.
 */
public final class NgramModel {
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";

    final int order;
    final String[] words;
    final Map<String, Integer> ids;
    final float[] uniP;
    final float[] uniBo;
    /** Bigrams whose first word is v are {@code [biStart[v], biStart[v + 1])}. */
    final int[] biStart;
    final int[] biWord;
    final float[] biP;
    final float[] biBo;
    /** Trigrams whose first two words are bigram b are {@code [triStart[b], triStart[b + 1])}. */
    final int[] triStart;
    final int[] triWord;
    final float[] triP;

    NgramModel(int order, String[] words, float[] uniP, float[] uniBo, int[] biStart, int[] biWord, float[] biP,
            float[] biBo, int[] triStart, int[] triWord, float[] triP) {
        this.order = order;
        this.words = words;
        this.uniP = uniP;
        this.uniBo = uniBo;
        this.biStart = biStart;
        this.biWord = biWord;
        this.biP = biP;
        this.biBo = biBo;
        this.triStart = triStart;
        this.triWord = triWord;
        this.triP = triP;
        this.ids = new HashMap<>(words.length * 2);
        for (int i = 0; i < words.length; i++) {
            ids.putIfAbsent(words[i], i);
        }
    }

    public int order() {
        return order;
    }

    public int vocabularySize() {
        return words.length;
    }

    public int bigramCount() {
        return biWord == null ? 0 : biWord.length;
    }

    public int trigramCount() {
        return triWord == null ? 0 : triWord.length;
    }

    public int id(String word) {
        Integer id = ids.get(word);
        return id == null ? -1 : id;
    }

    public String word(int id) {
        return words[id];
    }

    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    /** Index of bigram (v, w), or -1. */
    int bigram(int v, int w) {
        if (biStart == null) {
            return -1;
        }
        return search(biWord, biStart[v], biStart[v + 1], w);
    }

    /** Index of trigram (bigram b, w), or -1. */
    int trigram(int b, int w) {
        if (triStart == null) {
            return -1;
        }
        return search(triWord, triStart[b], triStart[b + 1], w);
    }

    static int search(int[] keys, int from, int to, int key) {
        int lo = from;
        int hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int k = keys[mid];
            if (k < key) {
                lo = mid + 1;
            } else if (k > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** log10 P(w). */
    public double log10(int w) {
        return uniP[w];
    }

    /** log10 P(w | v) with back-off. */
    public double log10(int v, int w) {
        int b = bigram(v, w);
        return b >= 0 ? biP[b] : uniBo[v] + uniP[w];
    }

    /** log10 P(w | u v) with back-off. */
    public double log10(int u, int v, int w) {
        if (order < 3) {
            return log10(v, w);
        }
        int b = bigram(u, v);
        if (b < 0) {
            return log10(v, w);
        }
        int t = trigram(b, w);
        return t >= 0 ? triP[t] : biBo[b] + log10(v, w);
    }

    /** log10 probability of a word sequence framed by {@code <s>} and {@code </s>} (the first word is not scored). */
    public double log10Sentence(int[] sentence) {
        double sum = 0;
        for (int i = 1; i < sentence.length; i++) {
            sum += i == 1 ? log10(sentence[0], sentence[1]) : log10(sentence[i - 2], sentence[i - 1], sentence[i]);
        }
        return sum;
    }

    /** Writes the model as an ARPA text file, the format {@code pocketsphinx_batch -lm} reads besides its binaries. */
    public void writeArpa(Path file) throws IOException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            writeArpa(out);
        }
    }

    void writeArpa(Writer out) throws IOException {
        StringBuilder line = new StringBuilder(128);
        out.write("\\data\\\n");
        out.write("ngram 1=" + words.length + "\n");
        if (order >= 2) {
            out.write("ngram 2=" + biWord.length + "\n");
        }
        if (order >= 3) {
            out.write("ngram 3=" + triWord.length + "\n");
        }
        out.write("\n\\1-grams:\n");
        for (int w = 0; w < words.length; w++) {
            line.setLength(0);
            appendLog(line, uniP[w]).append('\t').append(words[w]);
            if (order >= 2) {
                appendLog(line.append('\t'), uniBo[w]);
            }
            out.append(line).append('\n');
        }
        if (order >= 2) {
            out.write("\n\\2-grams:\n");
            for (int v = 0; v < words.length; v++) {
                for (int b = biStart[v]; b < biStart[v + 1]; b++) {
                    line.setLength(0);
                    appendLog(line, biP[b]).append('\t').append(words[v]).append(' ').append(words[biWord[b]]);
                    if (order >= 3) {
                        appendLog(line.append('\t'), biBo[b]);
                    }
                    out.append(line).append('\n');
                }
            }
        }
        if (order >= 3) {
            out.write("\n\\3-grams:\n");
            for (int v = 0; v < words.length; v++) {
                for (int b = biStart[v]; b < biStart[v + 1]; b++) {
                    for (int t = triStart[b]; t < triStart[b + 1]; t++) {
                        line.setLength(0);
                        appendLog(line, triP[t]).append('\t').append(words[v]).append(' ').append(words[biWord[b]])
                                .append(' ').append(words[triWord[t]]);
                        out.append(line).append('\n');
                    }
                }
            }
        }
        out.write("\n\\end\\\n");
    }

    /** Four decimals, as the CMU tools write them; far faster than String.format for millions of lines. */
    static StringBuilder appendLog(StringBuilder sb, double value) {
        if (value <= -99 || Double.isNaN(value) || Double.isInfinite(value)) {
            return sb.append("-99.0000");
        }
        long scaled = Math.round(value * 10000);
        if (scaled < 0) {
            sb.append('-');
            scaled = -scaled;
        }
        sb.append(scaled / 10000).append('.');
        long frac = scaled % 10000;
        if (frac < 1000) {
            sb.append('0');
        }
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        return sb.append(frac);
    }
}
