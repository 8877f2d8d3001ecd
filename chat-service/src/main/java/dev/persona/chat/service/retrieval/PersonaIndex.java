package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;
import dev.persona.common.embedding.EmbeddingModels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable snapshot of one persona's searchable memory at two grains: chunks (metadata, a contiguous vector
 * matrix and a BM25 index over the same rows) and their sentences (a vector matrix and a BM25 index of their own,
 * each sentence row pointing at its chunk row and position). A sentence repeated by the overlap of two chunks is
 * indexed once, at its first chunk. Updates build a new snapshot and swap it in, so searches never see a half-built
 * index.
 */
public final class PersonaIndex {
    public static final int DIMENSION = EmbeddingModels.DIMENSION;
    private static final Comparator<IndexedChunk> ORDER = Comparator
            .comparing((IndexedChunk c) -> c.chunk().sourceId()).thenComparingInt(c -> c.chunk().index())
            .thenComparing(c -> c.chunk().id());

    private final List<IndexedChunk> entries;
    private final VectorMatrix vectors;
    private final Bm25Index bm25;
    private final int[] sentenceChunk;
    private final int[] sentencePosition;
    private final VectorMatrix sentenceVectors;
    private final Bm25Index sentenceBm25;
    private final Keywords keywords;
    private final String modelId;
    private final long approximateBytes;

    private PersonaIndex(List<IndexedChunk> entries, Keywords keywords, String modelId) {
        this.entries = entries;
        this.keywords = keywords;
        this.modelId = modelId;
        this.vectors = VectorMatrix.of(DIMENSION, entries.stream().map(IndexedChunk::vector).toList());
        this.bm25 = Bm25Index.build(entries.stream().map(e -> e.chunk().text()).toList(), keywords);
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<int[]> refs = new ArrayList<>();
        List<float[]> sentenceVectorList = new ArrayList<>();
        List<String> sentenceTexts = new ArrayList<>();
        for (int row = 0; row < entries.size(); row++) {
            IndexedChunk entry = entries.get(row);
            List<Chunk.Sentence> sentences = entry.chunk().sentences();
            for (int position = 0; position < sentences.size(); position++) {
                Chunk.Sentence sentence = sentences.get(position);
                if (seen.add(entry.chunk().sourceId() + '|' + sentence.startSec() + '|' + sentence.page() + '|'
                        + sentence.text())) {
                    refs.add(new int[] {row, position});
                    sentenceVectorList.add(entry.sentenceVectors().get(position));
                    sentenceTexts.add(sentence.text());
                }
            }
        }
        this.sentenceChunk = refs.stream().mapToInt(r -> r[0]).toArray();
        this.sentencePosition = refs.stream().mapToInt(r -> r[1]).toArray();
        this.sentenceVectors = VectorMatrix.of(DIMENSION, sentenceVectorList);
        this.sentenceBm25 = Bm25Index.build(sentenceTexts, keywords);
        this.approximateBytes = approximateBytes(entries) + bm25.approximateBytes() + sentenceBm25.approximateBytes();
    }

    /**
     * Heap the chunks take once indexed (records, texts, vectors and vector matrices; without BM25 postings): a
     * lower bound of the index's size, known before the index is built.
     */
    public static long approximateBytes(List<IndexedChunk> chunks) {
        long bytes = 256;
        for (IndexedChunk c : chunks) {
            bytes += IndexFootprint.chunk(c);
        }
        return bytes;
    }

    public static PersonaIndex of(List<IndexedChunk> chunks) {
        return of(chunks, Keywords.plain());
    }

    public static PersonaIndex of(List<IndexedChunk> chunks, Keywords keywords) {
        return of(chunks, keywords, null);
    }

    /** @param modelId the embedding model of every chunk; questions are embedded with it (null: the configured one) */
    public static PersonaIndex of(List<IndexedChunk> chunks, Keywords keywords, String modelId) {
        List<IndexedChunk> sorted = new ArrayList<>(dedupe(chunks));
        sorted.sort(ORDER);
        return new PersonaIndex(List.copyOf(sorted), keywords, modelId);
    }

    public static PersonaIndex empty() {
        return of(List.of());
    }

    /** Replaces every chunk of one source with its current chunks: replays and re-embeds converge. */
    public PersonaIndex replacingSource(String sourceId, List<IndexedChunk> fresh) {
        List<IndexedChunk> next = new ArrayList<>(entries.size() + fresh.size());
        for (IndexedChunk e : entries) {
            if (!e.chunk().sourceId().equals(sourceId)) {
                next.add(e);
            }
        }
        next.addAll(fresh);
        return of(next, keywords, modelId);
    }

    /** The embedding model the chunks were embedded with, or null when built without one (tests, benches). */
    public String modelId() {
        return modelId;
    }

    /** The keyword analysis both BM25 indexes were built with; questions must be analysed the same way. */
    public Keywords keywords() {
        return keywords;
    }

    public int size() {
        return entries.size();
    }

    /** Heap this snapshot takes, approximately: vectors, texts and both BM25 indexes (see {@link IndexFootprint}). */
    public long approximateBytes() {
        return approximateBytes;
    }

    public Chunk chunk(int row) {
        return entries.get(row).chunk();
    }

    public List<IndexedChunk> entries() {
        return entries;
    }

    public VectorMatrix vectors() {
        return vectors;
    }

    public Bm25Index bm25() {
        return bm25;
    }

    public int sentenceCount() {
        return sentenceChunk.length;
    }

    /** The chunk row a sentence row belongs to. */
    public int chunkOfSentence(int sentenceRow) {
        return sentenceChunk[sentenceRow];
    }

    /** The sentence row's position among its chunk's sentences. */
    public int positionOfSentence(int sentenceRow) {
        return sentencePosition[sentenceRow];
    }

    public VectorMatrix sentenceVectors() {
        return sentenceVectors;
    }

    public Bm25Index sentenceBm25() {
        return sentenceBm25;
    }

    private static List<IndexedChunk> dedupe(List<IndexedChunk> chunks) {
        java.util.Map<String, IndexedChunk> byId = new java.util.LinkedHashMap<>();
        for (IndexedChunk c : chunks) {
            byId.put(c.chunk().id(), c);
        }
        return new ArrayList<>(byId.values());
    }
}
