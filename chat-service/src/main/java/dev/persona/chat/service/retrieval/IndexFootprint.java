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

    private IndexFootprint() {
    }

    static long floats(int length) {
        return HEADER + 4L * length;
    }

    static long string(String s) {
        return s == null ? 0 : 2 * HEADER + 8 + 2L * s.length();
    }

    /**
     * One chunk as an index holds it: its record, texts and own unit vectors (the exact scan and the similarities
     * read those; the Lucene index's copy of the vectors is counted with its files).
     */
    static long chunk(IndexedChunk entry) {
        Chunk c = entry.chunk();
        long bytes = 4 * HEADER + 12 * REFERENCE + string(c.id()) + string(c.sourceId()) + string(c.sourceName())
                + string(c.text()) + floats(entry.vector().length);
        for (int i = 0; i < c.sentences().size(); i++) {
            bytes += HEADER + 4 * REFERENCE + string(c.sentences().get(i).text())
                    + floats(entry.sentenceVectors().get(i).length) + REFERENCE;
        }
        return bytes;
    }

    /**
     * The sentence rows (each row's {@link SentenceRow} and the view's reference to it) and the Lucene reader and
     * searcher objects over the index files (field infos, segment readers, the files' partly filled blocks).
     */
    static long sentenceTables(int rows) {
        return HEADER + (REFERENCE + SENTENCE_ROW) * (long) rows + LUCENE_READER;
    }

    /** The writer's table from stable sentence id to row: one reference per id ever given, deleted ones included. */
    static long sentenceIds(int slots) {
        return HEADER + REFERENCE * (long) slots;
    }

    /** A {@link SentenceRow}: header, four references and an int, padded. */
    private static final long SENTENCE_ROW = 56;

    /**
     * Heap of an open reader and searcher beyond the index files' lengths: 42 KiB measured per small persona
     * (2000 indexes of 8 sentences), rounded up.
     */
    private static final long LUCENE_READER = 48 * 1024;
}
