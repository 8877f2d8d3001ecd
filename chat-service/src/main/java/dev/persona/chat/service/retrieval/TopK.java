package dev.persona.chat.service.retrieval;

import java.util.Arrays;

/**
 * The k best (id, score) pairs seen so far, in a bounded min-heap over primitive arrays: O(n log k) for a scan
 * and no boxing, so an exact scan over a large persona stays allocation-free per candidate.
 */
public final class TopK {
    private final int capacity;
    private final int[] ids;
    private final float[] scores;
    private int size;

    public TopK(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.ids = new int[this.capacity];
        this.scores = new float[this.capacity];
    }

    /** Cheap pre-check for hot loops: would a score enter the heap? */
    public boolean accepts(float score) {
        return size < capacity || score > scores[0];
    }

    public void offer(int id, float score) {
        if (size < capacity) {
            ids[size] = id;
            scores[size] = score;
            siftUp(size++);
        } else if (score > scores[0]) {
            ids[0] = id;
            scores[0] = score;
            siftDown(0);
        }
    }

    public int size() {
        return size;
    }

    /** Ids from best to worst. */
    public int[] idsDescending() {
        Integer[] order = order();
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = ids[order[i]];
        }
        return out;
    }

    /** Scores aligned with {@link #idsDescending()}. */
    public float[] scoresDescending() {
        Integer[] order = order();
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = scores[order[i]];
        }
        return out;
    }

    private Integer[] order() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // Ties broken by id so results are deterministic.
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a])
                : Integer.compare(ids[a], ids[b]));
        return order;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (scores[i] >= scores[parent]) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int smallest = left;
            int right = left + 1;
            if (right < size && scores[right] < scores[left]) {
                smallest = right;
            }
            if (scores[i] <= scores[smallest]) {
                return;
            }
            swap(i, smallest);
            i = smallest;
        }
    }

    private void swap(int a, int b) {
        int id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
    }
}
