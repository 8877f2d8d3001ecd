package dev.persona.chat.service.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.SingleInstanceLockFactory;
import org.apache.lucene.util.Bits;

/**
 * The live Lucene index of one persona's sentences, kept open for its whole time in memory so that a
 * {@code chunks-embedded} event changes it in place: the source's old sentences are deleted by term and its new ones
 * added as a small segment, and Lucene's tiered merges fold small segments together in the background, reusing the
 * largest segment's HNSW graph. Nothing is rebuilt from scratch on an update, which matters from the size on where
 * the graph exists: building it takes seconds per ten thousand sentences.
 * <p>
 * Every change ends in a commit and a new {@link SentenceIndex}, a point-in-time view on that commit: searches in
 * flight keep the view they started with, and the writer is never seen half-changed. The views read an in-memory
 * directory, so an old view needs no closing: the files the writer drops stay reachable only from the views that
 * still use them, and go with them to the garbage collector.
 * <p>
 * Lucene document ids change as segments merge, so each document carries a stable sentence id (doc values) that
 * maps it to its {@link SentenceRow}; a view resolves its documents to rows once, when it is opened.
 */
final class SentenceWriter {
    static final String SOURCE = "source";
    static final String SID = "sid";
    /**
     * Buffered data (vectors, graph and postings) before a segment is flushed: a persona is loaded into a few large
     * segments, so a query visits few graphs.
     */
    private static final double RAM_BUFFER_MB = 1_900;
    /**
     * Index files are held in blocks of at most 256 KiB: below half of G1's smallest region (1 MiB), so no block is
     * a humongous object. With Lucene's default (up to 64 MiB blocks) a 100k-sentence index wasted a third of its
     * size in half-empty heap regions (RetrievalBench: 543 MiB of heap used for 419 MiB of objects).
     */
    private static final int MAX_BITS_PER_BLOCK = 18;

    private final ByteBuffersDirectory directory;
    private final IndexWriter writer;
    private final boolean graph;
    /** Rows by sentence id; null where the sentence was deleted. Ids are never reused. */
    private final List<SentenceRow> bySid = new ArrayList<>();
    private final Map<String, int[]> sidsBySource = new HashMap<>();
    private DirectoryReader reader;
    private int live;

    private SentenceWriter(SpokenTextAnalyzer analyzer, boolean graph) throws IOException {
        this.graph = graph;
        this.directory = new ByteBuffersDirectory(new SingleInstanceLockFactory(),
                () -> new ByteBuffersDataOutput(ByteBuffersDataOutput.DEFAULT_MIN_BITS_PER_BLOCK, MAX_BITS_PER_BLOCK,
                        ByteBuffersDataOutput.ALLOCATE_BB_ON_HEAP, ByteBuffersDataOutput.NO_REUSE),
                ByteBuffersDirectory.OUTPUT_AS_MANY_BUFFERS);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setMergePolicy(new TieredMergePolicy())
                .setUseCompoundFile(false)
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                .setSimilarity(new BM25Similarity());
        this.writer = new IndexWriter(directory, config);
    }

    /**
     * An empty writer.
     *
     * @param graph whether vectors go into an HNSW graph (else they are only scanned, see {@link SentenceIndex})
     */
    static SentenceWriter create(SpokenTextAnalyzer analyzer, boolean graph) {
        try {
            return new SentenceWriter(analyzer, graph);
        } catch (IOException e) {
            throw new UncheckedIOException("opening an in-memory index", e);
        }
    }

    boolean hasGraph() {
        return graph;
    }

    /** Sentences the writer holds of one source. */
    synchronized int sentencesOf(String sourceId) {
        int[] sids = sidsBySource.get(sourceId);
        return sids == null ? 0 : sids.length;
    }

    /**
     * Adds rows of any sources (none of them held yet) and opens a view. With {@code threads} above 1 (and enough
     * rows) the documents are added from as many threads, each filling its own segment and graph in parallel: a
     * large persona loads that much sooner, and a query visits one graph per thread.
     */
    synchronized SentenceIndex addAll(List<SentenceRow> rows, int threads) {
        List<Document> documents = new ArrayList<>(rows.size());
        Map<String, List<Integer>> sids = new HashMap<>();
        for (SentenceRow row : rows) {
            if (sidsBySource.containsKey(row.sourceId())) {
                throw new IllegalArgumentException("source " + row.sourceId() + " is held already: replace it");
            }
            int sid = register(row);
            sids.computeIfAbsent(row.sourceId(), k -> new ArrayList<>()).add(sid);
            documents.add(document(row, sid));
        }
        sids.forEach((source, ids) -> sidsBySource.put(source, ids.stream().mapToInt(Integer::intValue).toArray()));
        try {
            addInParallel(documents, Math.max(1, Math.min(threads, documents.size() / 1_000)));
            return view();
        } catch (IOException e) {
            throw new UncheckedIOException("indexing sentences", e);
        }
    }

    /**
     * Replaces every sentence of one source with {@code rows} (none: the source is gone) and opens a view. A change
     * that fails part way closes the writer rather than leave it half-applied: the persona's index is a cache of
     * MongoDB, dropped and rebuilt from there (see {@link PersonaIndexRegistry}).
     */
    synchronized SentenceIndex replaceSource(String sourceId, List<SentenceRow> rows) {
        for (SentenceRow row : rows) {
            if (!sourceId.equals(row.sourceId())) {
                throw new IllegalArgumentException("a sentence of " + row.sourceId() + " given for " + sourceId);
            }
        }
        try {
            writer.deleteDocuments(new Term(SOURCE, sourceId));
            int[] old = sidsBySource.remove(sourceId);
            if (old != null) {
                for (int sid : old) {
                    bySid.set(sid, null);
                }
                live -= old.length;
            }
            int[] added = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                SentenceRow row = rows.get(i);
                added[i] = register(row);
                writer.addDocument(document(row, added[i]));
            }
            if (added.length > 0) {
                sidsBySource.put(sourceId, added);
            }
            return view();
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? new UncheckedIOException("updating sentences of " + sourceId, io)
                    : (RuntimeException) e;
        }
    }

    /** Stops background merges and drops what was not committed; the views stay readable. */
    void close() {
        try {
            writer.rollback();
        } catch (IOException | RuntimeException e) {
            // Nothing to keep: the writer is discarded either way, and its views read committed files only.
        }
    }

    private int register(SentenceRow row) {
        bySid.add(row);
        live++;
        return bySid.size() - 1;
    }

    private Document document(SentenceRow row, int sid) {
        Document doc = new Document();
        doc.add(new TextField(SentenceIndex.TEXT, row.text(), Field.Store.NO));
        doc.add(new StringField(SOURCE, row.sourceId(), Field.Store.NO));
        doc.add(new NumericDocValuesField(SID, sid));
        if (graph) {
            doc.add(new KnnFloatVectorField(SentenceIndex.VECTOR, row.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        return doc;
    }

    private void addInParallel(List<Document> documents, int threads) throws IOException {
        if (threads == 1) {
            writer.addDocuments(documents);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "persona-index-build");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Callable<Void>> parts = new ArrayList<>();
            int share = (documents.size() + threads - 1) / threads;
            for (int from = 0; from < documents.size(); from += share) {
                List<Document> part = documents.subList(from, Math.min(documents.size(), from + share));
                parts.add(() -> {
                    for (Document doc : part) {
                        writer.addDocument(doc);
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(parts)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while indexing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Commits and opens a view on that commit, its documents resolved to their rows. */
    private SentenceIndex view() throws IOException {
        writer.commit();
        DirectoryReader changed = reader == null ? DirectoryReader.open(directory) : DirectoryReader.openIfChanged(reader);
        if (changed != null) {
            reader = changed;
        }
        SentenceRow[] byDoc = new SentenceRow[reader.maxDoc()];
        for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues sids = leaf.reader().getNumericDocValues(SID);
            Bits liveDocs = leaf.reader().getLiveDocs();
            if (sids == null) {
                continue;
            }
            for (int doc = sids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = sids.nextDoc()) {
                if (liveDocs == null || liveDocs.get(doc)) {
                    byDoc[leaf.docBase + doc] = bySid.get((int) sids.longValue());
                }
            }
        }
        return new SentenceIndex(byDoc, live, reader, graph, filesLength() + IndexFootprint.sentenceIds(bySid.size()));
    }

    private long filesLength() throws IOException {
        long bytes = 0;
        String[] files = directory.listAll();
        for (String file : files) {
            bytes += directory.fileLength(file);
        }
        // The last block of each file is partly empty: a block is at least 1 KiB, and at most ~1/50 of its file
        // (Lucene grows the block size to keep a file within about a hundred blocks) or 256 KiB.
        return bytes + bytes / 32 + 1024L * files.length;
    }

}
