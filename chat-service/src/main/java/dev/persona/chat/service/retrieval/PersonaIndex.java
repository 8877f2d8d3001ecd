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
 * is indexed once, at its first chunk.
 * <p>
 * Snapshots of one persona share its {@link Memory}: the live chunks by source and the {@link SentenceWriter} that
 * changes the Lucene index in place. Replacing a source changes the memory and returns its newest snapshot, so
 * searches never see a half-changed index, and an update costs the changed source's sentences, not a rebuild of the
 * persona's graph.
 */
public final class PersonaIndex {
    public static final int DIMENSION = EmbeddingModels.DIMENSION;
    /** The analysed text field of the sentence index. */
    static final String TEXT_FIELD = "text";
    private static final Comparator<IndexedChunk> ORDER = Comparator
            .comparing((IndexedChunk c) -> c.chunk().sourceId()).thenComparingInt(c -> c.chunk().index())
            .thenComparing(c -> c.chunk().id());

    private final Memory memory;
    private final long generation;
    private final List<IndexedChunk> entries;
    private final SentenceIndex sentences;
    private final long approximateBytes;

    /** @param chunkBytes what {@link #approximateBytes(List)} gives for {@code entries} */
    private PersonaIndex(Memory memory, long generation, List<IndexedChunk> entries, long chunkBytes,
            SentenceIndex sentences) {
        this.memory = memory;
        this.generation = generation;
        this.entries = entries;
        this.sentences = sentences;
        this.approximateBytes = chunkBytes + IndexFootprint.sentenceTables(sentences.rowCount())
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
        return of(chunks, analyzer, modelId, 1);
    }

    /**
     * @param buildThreads threads that fill the Lucene index of a large persona (see
     *        {@link SentenceWriter#addAll(List, int)}); its later updates come from one
     */
    public static PersonaIndex of(List<IndexedChunk> chunks, SpokenTextAnalyzer analyzer, String modelId,
            int buildThreads) {
        return new Memory(analyzer, modelId, buildThreads, chunks).snapshot;
    }

    public static PersonaIndex empty() {
        return of(List.of());
    }

    /**
     * Replaces every chunk of one source with its current chunks (none: the source is gone), so replays and
     * re-embeds converge, and returns the persona's newest snapshot. This snapshot stays as it was.
     */
    public PersonaIndex replacingSource(String sourceId, List<IndexedChunk> fresh) {
        return memory.replaceSource(sourceId, fresh);
    }

    /** Whether this snapshot already holds every change {@code other} holds (a snapshot of the same memory). */
    public boolean includes(PersonaIndex other) {
        return memory == other.memory && generation >= other.generation;
    }

    /** Whether both are snapshots of one memory (one writer), as opposed to a rebuild of the persona. */
    public boolean sharesMemoryWith(PersonaIndex other) {
        return memory == other.memory;
    }

    /** Stops the memory's background work; its snapshots stay searchable. For an index that is dropped. */
    public void close() {
        memory.writer.close();
    }

    /** The embedding model the chunks were embedded with, or null when built without one (tests, benches). */
    public String modelId() {
        return memory.modelId;
    }

    /** The keyword analysis the sentence index was built with; questions must be analysed the same way. */
    public SpokenTextAnalyzer analyzer() {
        return memory.analyzer;
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

    /** Sentence rows, those of deleted sentences included (see {@link SentenceIndex#rowCount()}). */
    public int sentenceCount() {
        return sentences.rowCount();
    }

    /**
     * The chunk row a sentence row belongs to, or -1 for a deleted sentence's row. Found by binary search in the
     * ordered chunks, so an update costs no table over every sentence.
     */
    public int chunkOfSentence(int sentenceRow) {
        SentenceRow sentence = sentences.row(sentenceRow);
        if (sentence == null) {
            return -1;
        }
        int row = java.util.Collections.binarySearch(entries, sentence.chunk(), ORDER);
        if (row < 0 || entries.get(row) != sentence.chunk()) {
            throw new IllegalStateException("sentence row " + sentenceRow + " has no chunk in this snapshot");
        }
        return row;
    }

    /** The sentence row's position among its chunk's sentences. */
    public int positionOfSentence(int sentenceRow) {
        return sentences.position(sentenceRow);
    }

    /** The sentences' search: BM25, keyword coverage and nearest vectors, by sentence row. */
    public SentenceIndex sentences() {
        return sentences;
    }

    /**
     * What the snapshots of one persona share: its chunks by source, in {@link #ORDER}, and the writer of its
     * sentences. Changes are serialised here, each ending in a new snapshot one generation later.
     */
    private static final class Memory {
        private final SpokenTextAnalyzer analyzer;
        private final String modelId;
        private final int buildThreads;
        private final java.util.TreeMap<String, List<IndexedChunk>> bySource = new java.util.TreeMap<>();
        /** The chunks' {@link IndexFootprint} by source, so an update weighs only its own. */
        private final java.util.Map<String, Long> bytesBySource = new java.util.HashMap<>();
        private final SentenceWriter writer;
        private long generation;
        private PersonaIndex snapshot;

        Memory(SpokenTextAnalyzer analyzer, String modelId, int buildThreads, List<IndexedChunk> chunks) {
            this.analyzer = analyzer;
            this.modelId = modelId;
            this.buildThreads = buildThreads;
            List<SentenceRow> rows = new ArrayList<>();
            for (List<IndexedChunk> source : bySourceSorted(chunks).values()) {
                put(source.get(0).chunk().sourceId(), source);
                rows.addAll(sentenceRows(source));
            }
            this.writer = SentenceWriter.create(analyzer, rows.size() >= SentenceIndex.HNSW_FROM);
            this.snapshot = new PersonaIndex(this, generation, entries(), chunkBytes(),
                    writer.addAll(rows, buildThreads));
        }

        synchronized PersonaIndex replaceSource(String sourceId, List<IndexedChunk> fresh) {
            if (!fresh.stream().allMatch(c -> sourceId.equals(c.chunk().sourceId()))) {
                throw new IllegalArgumentException("chunks of other sources given for source " + sourceId);
            }
            List<IndexedChunk> chunks = bySourceSorted(fresh).getOrDefault(sourceId, List.of());
            List<SentenceRow> rows = sentenceRows(chunks);
            int sentencesAfter = snapshot.sentences.size() - writer.sentencesOf(sourceId) + rows.size();
            if (!writer.hasGraph() && sentencesAfter >= SentenceIndex.HNSW_FROM) {
                // Grown to where vectors need the graph: the one rebuild, into a memory of its own.
                java.util.TreeMap<String, List<IndexedChunk>> next = new java.util.TreeMap<>(bySource);
                next.put(sourceId, chunks);
                return new Memory(analyzer, modelId, buildThreads,
                        next.values().stream().flatMap(List::stream).toList()).snapshot;
            }
            SentenceIndex view = writer.replaceSource(sourceId, rows);
            put(sourceId, chunks);
            snapshot = new PersonaIndex(this, ++generation, entries(), chunkBytes(), view);
            return snapshot;
        }

        private void put(String sourceId, List<IndexedChunk> chunks) {
            if (chunks.isEmpty()) {
                bySource.remove(sourceId);
                bytesBySource.remove(sourceId);
            } else {
                bySource.put(sourceId, chunks);
                bytesBySource.put(sourceId, chunks.stream().mapToLong(IndexFootprint::chunk).sum());
            }
        }

        private long chunkBytes() {
            return approximateBytes(List.of()) + bytesBySource.values().stream().mapToLong(Long::longValue).sum();
        }

        private List<IndexedChunk> entries() {
            List<IndexedChunk> all = new ArrayList<>();
            bySource.values().forEach(all::addAll);
            return List.copyOf(all);
        }

        /** Chunks by source, each source's in {@link #ORDER}, a chunk id given twice taken once (the last). */
        private static java.util.TreeMap<String, List<IndexedChunk>> bySourceSorted(List<IndexedChunk> chunks) {
            java.util.TreeMap<String, List<IndexedChunk>> out = new java.util.TreeMap<>();
            for (IndexedChunk c : dedupe(chunks)) {
                out.computeIfAbsent(c.chunk().sourceId(), k -> new ArrayList<>()).add(c);
            }
            out.replaceAll((source, list) -> {
                list.sort(ORDER);
                return List.copyOf(list);
            });
            return out;
        }

        /** One source's sentences, each once: the overlap of consecutive chunks repeats some. */
        private static List<SentenceRow> sentenceRows(List<IndexedChunk> source) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            List<SentenceRow> rows = new ArrayList<>();
            for (IndexedChunk entry : source) {
                List<Chunk.Sentence> chunkSentences = entry.chunk().sentences();
                for (int position = 0; position < chunkSentences.size(); position++) {
                    Chunk.Sentence sentence = chunkSentences.get(position);
                    if (seen.add(sentence.startSec() + "|" + sentence.page() + '|' + sentence.text())) {
                        rows.add(new SentenceRow(entry.chunk().sourceId(), sentence.text(),
                                entry.sentenceVectors().get(position), entry, position));
                    }
                }
            }
            return rows;
        }
    }

    private static List<IndexedChunk> dedupe(List<IndexedChunk> chunks) {
        java.util.Map<String, IndexedChunk> byId = new java.util.LinkedHashMap<>();
        for (IndexedChunk c : chunks) {
            byId.put(c.chunk().id(), c);
        }
        return new ArrayList<>(byId.values());
    }
}
