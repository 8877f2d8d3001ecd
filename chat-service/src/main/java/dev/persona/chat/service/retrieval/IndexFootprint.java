package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;

/**
 * Approximate heap bytes of the parts of a persona index, for the memory budget of {@link PersonaIndexRegistry}.
 * Deliberately on the high side: strings are counted as UTF-16 and references as 8 bytes, so the budget errs
 * towards holding less, never more.
 */
final class IndexFootprint {
    private static final long HEADER = 16;
    private static final long REFERENCE = 8;
    /** A HashMap node plus its table slot. */
    private static final long MAP_ENTRY = 48;

    private IndexFootprint() {
    }

    static long floats(int length) {
        return HEADER + 4L * length;
    }

    static long ints(int length) {
        return HEADER + 4L * length;
    }

    static long string(String s) {
        return s == null ? 0 : 2 * HEADER + 8 + 2L * s.length();
    }

    /**
     * One chunk as an index holds it: its record, texts and own (normalised) vectors, plus its rows in the chunk
     * and sentence vector matrices and the sentence tables, which copy those vectors once more.
     */
    static long chunk(IndexedChunk entry) {
        Chunk c = entry.chunk();
        long bytes = 4 * HEADER + 12 * REFERENCE + string(c.id()) + string(c.sourceId()) + string(c.sourceName())
                + string(c.text()) + 2 * floats(entry.vector().length);
        for (int i = 0; i < c.sentences().size(); i++) {
            bytes += HEADER + 4 * REFERENCE + string(c.sentences().get(i).text())
                    + 2 * floats(entry.sentenceVectors().get(i).length) + 2 * Integer.BYTES + REFERENCE;
        }
        return bytes;
    }

    /** One term's postings in a BM25 index: map entry, term, record and its two arrays. */
    static long postings(String term, int documents) {
        return MAP_ENTRY + string(term) + HEADER + 2 * REFERENCE + 2 * ints(documents);
    }
}
