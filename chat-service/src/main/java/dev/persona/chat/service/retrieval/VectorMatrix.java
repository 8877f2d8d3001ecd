package dev.persona.chat.service.retrieval;

import java.util.List;

/**
 * A persona's chunk vectors in one contiguous row-major float array. Vectors are L2-normalised on the way in, so
 * cosine similarity is a plain dot product and an exact scan is a tight loop the JIT unrolls.
 */
public final class VectorMatrix {
    private final int dimension;
    private final int rows;
    private final float[] data;

    private VectorMatrix(int dimension, int rows, float[] data) {
        this.dimension = dimension;
        this.rows = rows;
        this.data = data;
    }

    public static VectorMatrix of(int dimension, List<float[]> vectors) {
        float[] data = new float[vectors.size() * dimension];
        for (int r = 0; r < vectors.size(); r++) {
            float[] v = vectors.get(r);
            if (v.length != dimension) {
                throw new IllegalArgumentException("vector " + r + " has " + v.length + " dimensions, expected " + dimension);
            }
            System.arraycopy(normalised(v), 0, data, r * dimension, dimension);
        }
        return new VectorMatrix(dimension, vectors.size(), data);
    }

    public static float[] normalised(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum == 0) {
            return v.clone();
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    public int rows() {
        return rows;
    }

    public int dimension() {
        return dimension;
    }

    public float[] row(int r) {
        float[] out = new float[dimension];
        System.arraycopy(data, r * dimension, out, 0, dimension);
        return out;
    }

    /** Cosine of a normalised query with row {@code r}. */
    public float dot(float[] query, int r) {
        int base = r * dimension;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        // Four accumulators break the add dependency chain; 384 is a multiple of 4.
        for (; i + 3 < dimension; i += 4) {
            s0 += query[i] * data[base + i];
            s1 += query[i + 1] * data[base + i + 1];
            s2 += query[i + 2] * data[base + i + 2];
            s3 += query[i + 3] * data[base + i + 3];
        }
        for (; i < dimension; i++) {
            s0 += query[i] * data[base + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Cosine between two rows. */
    public float dot(int a, int b) {
        int ba = a * dimension;
        int bb = b * dimension;
        float s = 0;
        for (int i = 0; i < dimension; i++) {
            s += data[ba + i] * data[bb + i];
        }
        return s;
    }

    /** Rows from which a scan is split over the common fork-join pool; below it, one thread is faster. */
    static final int PARALLEL_FROM = 32_768;

    /**
     * Exact nearest neighbours: scans every row, keeps the best {@code k} in a bounded heap. Large personas are
     * scanned in slices in parallel, each slice with its own heap, merged at the end (still exact).
     */
    public TopK nearest(float[] normalisedQuery, int k) {
        int slices = rows >= PARALLEL_FROM ? Math.min(8, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1) : 1;
        if (slices <= 1) {
            return scan(normalisedQuery, k, 0, rows);
        }
        int step = (rows + slices - 1) / slices;
        TopK[] partial = java.util.stream.IntStream.range(0, slices).parallel()
                .mapToObj(s -> scan(normalisedQuery, k, s * step, Math.min(rows, (s + 1) * step)))
                .toArray(TopK[]::new);
        TopK merged = new TopK(k);
        for (TopK part : partial) {
            int[] ids = part.idsDescending();
            float[] scores = part.scoresDescending();
            for (int i = 0; i < ids.length; i++) {
                merged.offer(ids[i], scores[i]);
            }
        }
        return merged;
    }

    private TopK scan(float[] normalisedQuery, int k, int from, int to) {
        TopK top = new TopK(k);
        for (int r = from; r < to; r++) {
            float score = dot(normalisedQuery, r);
            if (top.accepts(score)) {
                top.offer(r, score);
            }
        }
        return top;
    }

    /** Reference implementation for recall checks: scores everything and sorts. */
    public int[] nearestNaive(float[] normalisedQuery, int k) {
        Integer[] order = new Integer[rows];
        float[] scores = new float[rows];
        for (int r = 0; r < rows; r++) {
            order[r] = r;
            float s = 0;
            for (int i = 0; i < dimension; i++) {
                s += normalisedQuery[i] * data[r * dimension + i];
            }
            scores[r] = s;
        }
        java.util.Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a])
                : Integer.compare(a, b));
        int n = Math.min(k, rows);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
