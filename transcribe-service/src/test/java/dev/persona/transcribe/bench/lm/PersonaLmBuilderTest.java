package dev.persona.transcribe.bench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaLmBuilderTest {

    /** A small, normalised generic trigram model: 6 words, a few bigrams and trigrams, back-offs computed. */
    static NgramModel toy() {
        String[] words = {"</s>", "<s>", "the", "bees", "honey", "cat"};
        double[] p1 = {0.2, 0, 0.35, 0.1, 0.05, 0.3};
        // bigrams (v, w, p)
        int[][] bi = {{1, 2}, {1, 5}, {2, 5}, {2, 3}, {5, 0}, {3, 0}};
        double[] bp = {0.6, 0.2, 0.7, 0.1, 0.5, 0.6};
        // trigrams (u, v, w, p): "<s> the cat", "the cat </s>"
        int[][] tri = {{1, 2, 5}, {2, 5, 0}};
        double[] tp = {0.8, 0.7};
        float[] uniP = new float[words.length];
        float[] uniBo = new float[words.length];
        for (int i = 0; i < words.length; i++) {
            uniP[i] = i == 1 ? -99f : (float) Math.log10(p1[i]);
        }
        for (int v = 0; v < words.length; v++) {
            double seen = 0;
            double lower = 0;
            for (int k = 0; k < bi.length; k++) {
                if (bi[k][0] == v) {
                    seen += bp[k];
                    lower += p1[bi[k][1]];
                }
            }
            uniBo[v] = (float) Math.log10((1 - seen) / (1 - lower));
        }
        int n = bi.length;
        int[] bv = new int[n];
        int[] bw = new int[n];
        float[] fbp = new float[n];
        float[] bbo = new float[n];
        for (int k = 0; k < n; k++) {
            bv[k] = bi[k][0];
            bw[k] = bi[k][1];
            fbp[k] = (float) Math.log10(bp[k]);
        }
        // back-off of "<s> the" (context of the first trigram) and "the cat" (context of the second)
        bbo[0] = (float) Math.log10((1 - 0.8) / (1 - 0.7));
        bbo[2] = (float) Math.log10((1 - 0.7) / (1 - 0.5));
        int[] tu = {tri[0][0], tri[1][0]};
        int[] tv = {tri[0][1], tri[1][1]};
        int[] tw = {tri[0][2], tri[1][2]};
        float[] ftp = {(float) Math.log10(tp[0]), (float) Math.log10(tp[1])};
        return SphinxTrieReader.forward(words, uniP, uniBo, bv, bw, fbp, bbo, n, tu, tv, tw, ftp, 2);
    }

    static double mass(NgramModel m, int... history) {
        double sum = 0;
        for (int w = 0; w < m.vocabularySize(); w++) {
            if (m.word(w).equals(NgramModel.BOS)) {
                continue;
            }
            double l = history.length == 0 ? m.log10(w)
                    : history.length == 1 ? m.log10(history[0], w) : m.log10(history[0], history[1], w);
            sum += Math.pow(10, l);
        }
        return sum;
    }

    static void assertNormalised(NgramModel m) {
        assertEquals(1.0, mass(m), 1e-4, "unigrams");
        for (int v = 0; v < m.vocabularySize(); v++) {
            if (m.word(v).equals(NgramModel.EOS)) {
                continue;
            }
            assertEquals(1.0, mass(m, v), 1e-4, "after " + m.word(v));
            for (int u = 0; u < m.vocabularySize(); u++) {
                if (!m.word(u).equals(NgramModel.EOS)) {
                    assertEquals(1.0, mass(m, u, v), 1e-4, "after " + m.word(u) + " " + m.word(v));
                }
            }
        }
    }

    @Test
    void toyModelIsNormalised() {
        assertNormalised(toy());
    }

    @Test
    void adaptedModelStaysNormalisedAndFavoursThePersonasPhrases(@TempDir Path dir) throws IOException {
        NgramModel g = toy();
        Path dict = dir.resolve("dict");
        Files.writeString(dict, "the DH AH\nbees B IY Z\nhoney HH AH N IY\ncat K AE T\nhive HH AY V\n");
        Lexicon lexicon = Lexicon.load(dict, null);
        List<List<String>> text = LmText.sentences("The bees honey. The bees hive!");
        PersonaLmBuilder.Result r = PersonaLmBuilder.adapt(g, text, 0.5, lexicon);
        NgramModel a = r.model();
        assertNormalised(a);
        assertTrue(a.contains("hive"), "a word of the text that the dictionary has joins the vocabulary");
        assertEquals(1, r.stats().newWords());
        int the = a.id("the");
        int bees = a.id("bees");
        assertTrue(a.log10(the, bees) > g.log10(g.id("the"), g.id("bees")) + 0.3, "P(bees | the) rises");
        assertTrue(a.log10(a.id("<s>"), the, a.id("cat")) < g.log10(g.id("<s>"), g.id("the"), g.id("cat")),
                "what the persona never says loses weight");
    }

    @Test
    void lambdaZeroKeepsTheGenericProbabilities() {
        NgramModel g = toy();
        NgramModel a = PersonaLmBuilder.adapt(g, LmText.sentences("the honey"), 0.0, null).model();
        for (int u = 0; u < g.vocabularySize(); u++) {
            for (int v = 0; v < g.vocabularySize(); v++) {
                for (int w = 0; w < g.vocabularySize(); w++) {
                    if (g.word(w).equals(NgramModel.BOS) || g.word(v).equals(NgramModel.EOS)
                            || g.word(u).equals(NgramModel.EOS)) {
                        continue;
                    }
                    assertEquals(Math.pow(10, g.log10(u, v, w)), Math.pow(10, a.log10(u, v, w)), 1e-4);
                }
            }
        }
    }

    @Test
    void wordsWithoutPronunciationCutTheSentence() {
        PersonaLmBuilder.Result r = PersonaLmBuilder.adapt(toy(), LmText.sentences("honey zyxqv cat"), 0.5, null);
        assertEquals(List.of("zyxqv"), r.stats().dropped());
        NgramModel a = r.model();
        assertFalse(a.contains("zyxqv"));
        assertTrue(a.bigram(a.id("<s>"), a.id("honey")) >= 0, "the fragment before the word starts the sentence");
        assertTrue(a.bigram(a.id("cat"), a.id("</s>")) >= 0, "the fragment after it ends the sentence");
        assertEquals(-1, a.bigram(a.id("honey"), a.id("cat")), "no bigram across the dropped word");
        assertNormalised(a);
    }

    @Test
    void writesArpa() throws IOException {
        StringWriter out = new StringWriter();
        toy().writeArpa(out);
        String arpa = out.toString();
        assertTrue(arpa.startsWith("\\data\\\nngram 1=6\nngram 2=6\nngram 3=2\n"), arpa);
        assertTrue(arpa.contains("\n-0.0969\t<s> the cat\n"), arpa);
        assertTrue(arpa.contains("\n-99.0000\t<s>\t"), arpa);
        assertTrue(arpa.endsWith("\\end\\\n"));
    }

    @Test
    void fliteLetterToSoundBecomesModelPhones() {
        assertEquals(Optional.of("K AH L EH CH IY"), Lexicon.fromFlite("pau k ax l eh1 ch iy pau "));
        assertEquals(Optional.of("B AA T AH L"), Lexicon.fromFlite("pau b aa1 t el pau"));
        assertEquals(Optional.empty(), Lexicon.fromFlite("pau q pau"));
    }

    @Test
    void textBecomesVocabularyWords() {
        assertEquals(List.of(List.of("i'm", "twenty", "eight"), List.of("she", "said", "hi")),
                LmText.sentences("I\u2019m twenty-eight.\n\"She said hi!\""));
        List<List<String>> cut = LmText.sentences("Rehearsals start at 7 in May.");
        assertEquals(1, cut.size());
        assertEquals(java.util.Arrays.asList("rehearsals", "start", "at", null, "in", "may"), cut.get(0));
    }
}
