package dev.persona.chat.service.retrieval;

import dev.persona.chat.domain.Chunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable snapshot of one persona's searchable memory: chunk metadata, a contiguous vector matrix and a BM25
 * index over the same rows. Updates build a new snapshot and swap it in, so searches never see a half-built index.
 */
public final class PersonaIndex {
    public static final int DIMENSION = 384;
    private static final Comparator<IndexedChunk> ORDER = Comparator
            .comparing((IndexedChunk c) -> c.chunk().sourceId()).thenComparingInt(c -> c.chunk().index())
            .thenComparing(c -> c.chunk().id());

    private final List<IndexedChunk> entries;
    private final VectorMatrix vectors;
    private final Bm25Index bm25;

    private PersonaIndex(List<IndexedChunk> entries) {
        this.entries = entries;
        this.vectors = VectorMatrix.of(DIMENSION, entries.stream().map(IndexedChunk::vector).toList());
        this.bm25 = Bm25Index.build(entries.stream().map(e -> e.chunk().text()).toList());
    }

    public static PersonaIndex of(List<IndexedChunk> chunks) {
        List<IndexedChunk> sorted = new ArrayList<>(dedupe(chunks));
        sorted.sort(ORDER);
        return new PersonaIndex(List.copyOf(sorted));
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
        return of(next);
    }

    public int size() {
        return entries.size();
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

    private static List<IndexedChunk> dedupe(List<IndexedChunk> chunks) {
        java.util.Map<String, IndexedChunk> byId = new java.util.LinkedHashMap<>();
        for (IndexedChunk c : chunks) {
            byId.put(c.chunk().id(), c);
        }
        return new ArrayList<>(byId.values());
    }
}
