package dev.persona.transcribe.bench.lm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the binary "Trie Language Model" format of sphinxbase 5prealpha ({@code en-us.lm.bin} of Debian's
 * {@code pocketsphinx-en-us}) into an {@link NgramModel}. Debian's {@code sphinx_lm_convert} cannot turn that file
 * into ARPA text: the file's header declares six more bigrams than its trie holds and the converter aborts on an
 * assertion (cmusphinx/sphinxbase#89, fixed upstream in pocketsphinx 5 as cmusphinx/pocketsphinx#501). This reader
 * walks the trie the way the converter does, counting what is really there.
 *
 * <p>Layout (little-endian, as {@code ngram_model_trie_write_bin} writes it): the ASCII header, the order (1 byte),
 * one uint32 count per order; the quantiser (an int, then per middle order 2^16 probability and 2^16 back-off
 * centres, then 2^16 probability centres for the highest order, all float); {@code count[0] + 1} unigrams of
 * {prob float, backoff float, next uint32}; the bit-packed middle and longest arrays; the words as NUL-terminated
 * strings behind an int byte count. The trie is reversed: a unigram's range holds the words before it (bigram
 * "v w" is entry v in w's range, with P(w | v) and the back-off of "v w"), and that entry's range the words before
 * those. Values are logarithms to base 1.0001.
 */
public final class SphinxTrieReader {
    private static final String HEADER = "Trie Language Model";
    private static final double LOG10_OF_BASE = Math.log10(1.0001);
    private static final int QUANT_BITS = 16;

    private SphinxTrieReader() {
    }

    public static NgramModel read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] header = new byte[HEADER.length()];
        buf.get(header);
        if (!HEADER.equals(new String(header, StandardCharsets.US_ASCII))) {
            throw new IOException(file + " is not a sphinxbase trie language model");
        }
        int order = buf.get() & 0xff;
        if (order < 2 || order > 3) {
            throw new IOException(file + ": order " + order + " is not supported (2 or 3)");
        }
        long[] counts = new long[order];
        for (int i = 0; i < order; i++) {
            counts[i] = buf.getInt() & 0xffffffffL;
        }
        int vocab = (int) counts[0];
        buf.getInt(); // former quantisation type
        float[][] middleProb = new float[order - 2][];
        float[][] middleBo = new float[order - 2][];
        for (int i = 0; i < order - 2; i++) {
            middleProb[i] = floats(buf, 1 << QUANT_BITS);
            middleBo[i] = floats(buf, 1 << QUANT_BITS);
        }
        float[] longestProb = floats(buf, 1 << QUANT_BITS);

        float[] uniP = new float[vocab];
        float[] uniBo = new float[vocab];
        int[] uniNext = new int[vocab + 1];
        for (int i = 0; i <= vocab; i++) {
            float p = buf.getFloat();
            float bo = buf.getFloat();
            int next = buf.getInt();
            if (i < vocab) {
                uniP[i] = (float) (p * LOG10_OF_BASE);
                uniBo[i] = (float) (bo * LOG10_OF_BASE);
            }
            uniNext[i] = next;
        }

        int wordBits = requiredBits(counts[0]);
        // order 3: one middle array (bigrams) then the longest (trigrams); order 2: only the longest (bigrams)
        int middleNextBits = order == 3 ? requiredBits(counts[2]) : 0;
        int middleTotal = wordBits + 2 * QUANT_BITS + middleNextBits;
        int longestTotal = wordBits + QUANT_BITS;
        long middleBytes = order == 3 ? baseSize(counts[1], middleTotal) : 0;
        long longestBytes = baseSize(counts[order - 1], longestTotal);
        int memStart = buf.position();
        byte[] mem = new byte[(int) (middleBytes + longestBytes) + 8];
        buf.get(mem, 0, (int) (middleBytes + longestBytes));
        int longestBase = (int) middleBytes;

        int k = buf.getInt();
        byte[] strings = new byte[k];
        buf.get(strings);
        String[] words = new String[vocab];
        int w = 0;
        int start = 0;
        for (int i = 0; i < k && w < vocab; i++) {
            if (strings[i] == 0) {
                words[w++] = new String(strings, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
            }
        }
        if (w != vocab) {
            throw new IOException(file + ": " + w + " word strings for " + vocab + " unigrams (at byte " + memStart + ")");
        }

        long wordMask = (1L << wordBits) - 1;
        if (order == 2) {
            return bigramModel(words, uniP, uniBo, uniNext, mem, longestBase, wordBits, longestTotal, wordMask,
                    longestProb);
        }
        long nextMask = (1L << middleNextBits) - 1;
        long quantMask = (1L << QUANT_BITS) - 1;
        // Walk the reversed trie: for predicted word w, bigram entries v, and under them trigram entries u.
        int biCount = uniNext[vocab];
        int[] bv = new int[biCount];
        int[] bw = new int[biCount];
        float[] bp = new float[biCount];
        float[] bbo = new float[biCount];
        int triCount = (int) counts[2];
        int[] tu = new int[triCount];
        int[] tv = new int[triCount];
        int[] tw = new int[triCount];
        float[] tp = new float[triCount];
        int nb = 0;
        int nt = 0;
        for (int word = 0; word < vocab; word++) {
            for (int ptr = uniNext[word]; ptr < uniNext[word + 1]; ptr++) {
                long off = (long) ptr * middleTotal;
                int v = (int) bits(mem, 0, off, wordMask);
                long q = off + wordBits;
                float bo = middleBo[0][(int) bits(mem, 0, q, quantMask)];
                float p = middleProb[0][(int) bits(mem, 0, q + QUANT_BITS, quantMask)];
                int from = (int) bits(mem, 0, q + 2 * QUANT_BITS, nextMask);
                int to = (int) bits(mem, 0, (long) (ptr + 1) * middleTotal + wordBits + 2 * QUANT_BITS, nextMask);
                bv[nb] = v;
                bw[nb] = word;
                bp[nb] = (float) (p * LOG10_OF_BASE);
                bbo[nb] = (float) (bo * LOG10_OF_BASE);
                nb++;
                for (int t = from; t < to; t++) {
                    long toff = (long) t * longestTotal;
                    int u = (int) bits(mem, longestBase, toff, wordMask);
                    float p3 = longestProb[(int) bits(mem, longestBase, toff + wordBits, quantMask)];
                    if (nt == triCount) {
                        throw new IOException(file + ": more trigrams in the trie than the header declares");
                    }
                    tu[nt] = u;
                    tv[nt] = v;
                    tw[nt] = word;
                    tp[nt] = (float) (p3 * LOG10_OF_BASE);
                    nt++;
                }
            }
        }
        return forward(words, uniP, uniBo, bv, bw, bp, bbo, nb, tu, tv, tw, tp, nt);
    }

    private static NgramModel bigramModel(String[] words, float[] uniP, float[] uniBo, int[] uniNext, byte[] mem,
            int base, int wordBits, int total, long wordMask, float[] probs) {
        int vocab = words.length;
        int n = uniNext[vocab];
        int[] bv = new int[n];
        int[] bw = new int[n];
        float[] bp = new float[n];
        long quantMask = (1L << QUANT_BITS) - 1;
        int nb = 0;
        for (int word = 0; word < vocab; word++) {
            for (int ptr = uniNext[word]; ptr < uniNext[word + 1]; ptr++) {
                long off = (long) ptr * total;
                bv[nb] = (int) bits(mem, base, off, wordMask);
                bw[nb] = word;
                bp[nb] = (float) (probs[(int) bits(mem, base, off + wordBits, quantMask)] * LOG10_OF_BASE);
                nb++;
            }
        }
        return forward(words, uniP, uniBo, bv, bw, bp, new float[n], nb, null, null, null, null, 0);
    }

    /** Re-sorts reversed-trie n-grams into the forward layout of {@link NgramModel}. */
    static NgramModel forward(String[] words, float[] uniP, float[] uniBo, int[] bv, int[] bw, float[] bp,
            float[] bbo, int nb, int[] tu, int[] tv, int[] tw, float[] tp, int nt) {
        int vocab = words.length;
        int vBits = requiredBits(vocab);
        int iBits = requiredBits(Math.max(nb, nt));
        if (2 * vBits + iBits > 63 || requiredBits(nb) + vBits + iBits > 63) {
            throw new IllegalStateException("model too large to sort with packed keys");
        }
        long[] keys = new long[nb];
        for (int i = 0; i < nb; i++) {
            keys[i] = ((((long) bv[i] << vBits) | bw[i]) << iBits) | i;
        }
        Arrays.sort(keys);
        long iMask = (1L << iBits) - 1;
        int[] biStart = new int[vocab + 1];
        int[] biWord = new int[nb];
        float[] biP = new float[nb];
        float[] biBo = new float[nb];
        int[] biFirst = new int[nb];
        for (int j = 0; j < nb; j++) {
            int i = (int) (keys[j] & iMask);
            biWord[j] = bw[i];
            biP[j] = bp[i];
            biBo[j] = bbo[i];
            biFirst[j] = bv[i];
            biStart[bv[i] + 1]++;
        }
        for (int v = 0; v < vocab; v++) {
            biStart[v + 1] += biStart[v];
        }
        if (tu == null) {
            return new NgramModel(2, words, uniP, uniBo, biStart, biWord, biP, biBo, null, null, null);
        }
        int[] ctx = new int[nt];
        long[] tkeys = new long[nt];
        int kept = 0;
        for (int i = 0; i < nt; i++) {
            int b = NgramModel.search(biWord, biStart[tu[i]], biStart[tu[i] + 1], tv[i]);
            if (b < 0) {
                continue; // a trigram without its context bigram cannot be written as ARPA; none in en-us
            }
            ctx[i] = b;
            tkeys[kept++] = ((((long) b << vBits) | tw[i]) << iBits) | i;
        }
        long[] sorted = Arrays.copyOf(tkeys, kept);
        Arrays.sort(sorted);
        int[] triStart = new int[nb + 1];
        int[] triWord = new int[kept];
        float[] triP = new float[kept];
        for (int j = 0; j < kept; j++) {
            int i = (int) (sorted[j] & iMask);
            triWord[j] = tw[i];
            triP[j] = tp[i];
            triStart[ctx[i] + 1]++;
        }
        for (int b = 0; b < nb; b++) {
            triStart[b + 1] += triStart[b];
        }
        return new NgramModel(3, words, uniP, uniBo, biStart, biWord, biP, biBo, triStart, triWord, triP);
    }

    private static float[] floats(ByteBuffer buf, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = buf.getFloat();
        }
        return out;
    }

    /** {@code bitarr_read_int25}: the little-endian word at the offset's byte, shifted by the bit within it. */
    private static long bits(byte[] mem, int base, long bitOffset, long mask) {
        int at = base + (int) (bitOffset >>> 3);
        long v = (mem[at] & 0xffL) | (mem[at + 1] & 0xffL) << 8 | (mem[at + 2] & 0xffL) << 16
                | (mem[at + 3] & 0xffL) << 24 | (mem[at + 4] & 0xffL) << 32;
        return (v >>> (bitOffset & 7)) & mask;
    }

    /** {@code base_size}: one extra entry for the final next pointer, rounded up to bytes, plus 8 bytes of slack. */
    private static long baseSize(long entries, int totalBits) {
        return ((1 + entries) * totalBits + 7) / 8 + 8;
    }

    static int requiredBits(long max) {
        if (max == 0) {
            return 0;
        }
        return 64 - Long.numberOfLeadingZeros(max);
    }
}
