package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;
import dev.persona.common.embedding.EmbeddingModels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable snapshot of one persona's searchable memory: its chunks (metadata and unit vectors, for passages and
 * their redundancy) and their sentences, searched in a {@link SentenceIndex} (Lucene: BM25 and, for large personas,
 * HNSW), each sentence row pointing at its chunk row and position. A sentence repeated by the overlap of two chunks
 * is indexed once, at its first chunk. Updates build a new snapshot and swap it in, so searches never see a
 * half-built index.
 */
public final class PersonaIndex {
    public static final int DIMENSION = EmbeddingModels.DIMENSION;
    /** The analysed text field of the sentence index. */
    static final String TEXT_FIELD = "text";
    private static final Comparator<IndexedChunk> ORDER = Comparator
            .comparing((IndexedChunk c) -> c.chunk().sourceId()).thenComparingInt(c -> c.chunk().index())
            .thenComparing(c -> c.chunk().id());

    private final List<IndexedChunk> entries;
    private final int[] sentenceChunk;
    private final int[] sentencePosition;
    private final SentenceIndex sentences;
    private final SpokenTextAnalyzer analyzer;
    private final String modelId;
    private final long approximateBytes;

    private PersonaIndex(List<IndexedChunk> entries, SpokenTextAnalyzer analyzer, String modelId) {
        this.entries = entries;
        this.analyzer = analyzer;
        this.modelId = modelId;
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<int[]> refs = new ArrayList<>();
        List<float[]> sentenceVectors = new ArrayList<>();
        List<String> sentenceTexts = new ArrayList<>();
        for (int row = 0; row < entries.size(); row++) {
            IndexedChunk entry = entries.get(row);
            List<Chunk.Sentence> chunkSentences = entry.chunk().sentences();
            for (int position = 0; position < chunkSentences.size(); position++) {
                Chunk.Sentence sentence = chunkSentences.get(position);
                if (seen.add(entry.chunk().sourceId() + '|' + sentence.startSec() + '|' + sentence.page() + '|'
                        + sentence.text())) {
                    refs.add(new int[] {row, position});
                    sentenceVectors.add(entry.sentenceVectors().get(position));
                    sentenceTexts.add(sentence.text());
                }
            }
        }
        this.sentenceChunk = refs.stream().mapToInt(r -> r[0]).toArray();
        this.sentencePosition = refs.stream().mapToInt(r -> r[1]).toArray();
        this.sentences = SentenceIndex.build(sentenceTexts, sentenceVectors, analyzer);
        this.approximateBytes = approximateBytes(entries) + IndexFootprint.sentenceTables(sentenceChunk.length)
                + sentences.luceneBytes();
    }

    /**
     * Heap the chunks take once indexed (records, texts and vectors; without the sentence tables and the Lucene
     * index): a lower bound of the index's size, known before the index is built.
     */
    public static long approximateBytes(List<IndexedChunk> chunks) {
        long bytes = 256;
        for (IndexedChunk c : chunks) {
            bytes += IndexFootprint.chunk(c);
        }
        return bytes;
    }

    public static PersonaIndex of(List<IndexedChunk> chunks) {
        return of(chunks, SpokenTextAnalyzer.PLAIN);
    }

    public static PersonaIndex of(List<IndexedChunk> chunks, SpokenTextAnalyzer analyzer) {
        return of(chunks, analyzer, null);
    }

    /** @param modelId the embedding model of every chunk; questions are embedded with it (null: the configured one) */
    public static PersonaIndex of(List<IndexedChunk> chunks, SpokenTextAnalyzer analyzer, String modelId) {
        List<IndexedChunk> sorted = new ArrayList<>(dedupe(chunks));
        sorted.sort(ORDER);
        return new PersonaIndex(List.copyOf(sorted), analyzer, modelId);
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
        return of(next, analyzer, modelId);
    }

    /** The embedding model the chunks were embedded with, or null when built without one (tests, benches). */
    public String modelId() {
        return modelId;
    }

    /** The keyword analysis the sentence index was built with; questions must be analysed the same way. */
    public SpokenTextAnalyzer analyzer() {
        return analyzer;
    }

    public int size() {
        return entries.size();
    }

    /**
     * Heap this snapshot takes, approximately: chunk records, texts and vectors, the sentence tables and the bytes of
     * the Lucene index (see {@link IndexFootprint}).
     */
    public long approximateBytes() {
        return approximateBytes;
    }

    public Chunk chunk(int row) {
        return entries.get(row).chunk();
    }

    public List<IndexedChunk> entries() {
        return entries;
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

    /** The sentences' search: BM25, keyword coverage and nearest vectors, by sentence row. */
    public SentenceIndex sentences() {
        return sentences;
    }

    private static List<IndexedChunk> dedupe(List<IndexedChunk> chunks) {
        java.util.Map<String, IndexedChunk> byId = new java.util.LinkedHashMap<>();
        for (IndexedChunk c : chunks) {
            byId.put(c.chunk().id(), c);
        }
        return new ArrayList<>(byId.values());
    }
}
