package dev.persona.chat.bench;

import dev.persona.chat.domain.Chunk;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.common.events.SourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A persona of arbitrary size for benchmarks: vectors drawn around topic centroids (so neighbours are meaningful,
 * like real embeddings) and ~100-word texts with a Zipf vocabulary (so BM25 postings have realistic skew).
 */
final class SyntheticCorpus {
    static final int DIM = 384;

    private SyntheticCorpus() {
    }

    static List<IndexedChunk> chunks(int n, long seed) {
        Random random = new Random(seed);
        int topics = Math.max(10, n / 200);
        float[][] centroids = new float[topics][];
        for (int t = 0; t < topics; t++) {
            centroids[t] = gaussian(random);
        }
        double[] zipf = zipf(20_000);
        List<IndexedChunk> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int topic = random.nextInt(topics);
            float[] v = gaussian(random);
            for (int d = 0; d < DIM; d++) {
                v[d] = centroids[topic][d] + 0.8f * v[d];
            }
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 100; w++) {
                text.append(w % 3 == 0 ? "topic" + topic : "w" + sample(zipf, random)).append(' ');
            }
            // Four sentences a chunk, each near the chunk's own vector, as real sentence embeddings are.
            String chunkText = text.toString().strip();
            List<Chunk.Sentence> sentences = new ArrayList<>();
            List<float[]> sentenceVectors = new ArrayList<>();
            int quarter = chunkText.length() / 4;
            for (int s = 0; s < 4; s++) {
                sentences.add(new Chunk.Sentence(chunkText.substring(s * quarter, s == 3 ? chunkText.length()
                        : (s + 1) * quarter), i * 10.0 + s * 2.5, i * 10.0 + s * 2.5 + 2.5, null));
                float[] noise = gaussian(random);
                float[] sv = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    sv[d] = v[d] + 0.5f * noise[d];
                }
                sentenceVectors.add(IndexedChunk.unit(sv));
            }
            out.add(new IndexedChunk(new Chunk("c" + i, "s" + (i / 20), SourceKind.recording, "source-" + (i / 20),
                    i % 20, chunkText, i * 10.0, i * 10.0 + 10, null, sentences), IndexedChunk.unit(v),
                    sentenceVectors));
        }
        return out;
    }

    /**
     * A question near one chunk: its vector plus noise as large as that of the chunk's own sentences, so the
     * question is about as close to them as to other sentences of its topic (a paraphrase, not a copy).
     */
    static float[] query(Random random, List<IndexedChunk> chunks) {
        float[] base = chunks.get(random.nextInt(chunks.size())).vector();
        float[] noise = gaussian(random);
        float[] q = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            q[d] = base[d] + 0.5f * noise[d];
        }
        return IndexedChunk.unit(q);
    }

    private static float[] gaussian(Random random) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return IndexedChunk.unit(v);
    }

    private static double[] zipf(int vocabulary) {
        double[] cdf = new double[vocabulary];
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            sum += 1.0 / (i + 1);
            cdf[i] = sum;
        }
        for (int i = 0; i < vocabulary; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int sample(double[] cdf, Random random) {
        int i = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        return i >= 0 ? i : -i - 1;
    }
}
