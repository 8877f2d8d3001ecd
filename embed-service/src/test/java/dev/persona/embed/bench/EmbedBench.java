package dev.persona.embed.bench;

import dev.persona.common.events.SourceKind;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.common.text.SentenceSplitter;
import dev.persona.embed.config.EmbeddingConfig;
import dev.persona.embed.domain.Chunk;
import dev.persona.embed.service.Chunker;
import dev.persona.embed.service.EmbeddingEngine;
import dev.persona.embed.service.TextCleaner;
import dev.persona.embed.service.TokenCounter;
import dev.persona.embed.service.WordPieceTokenCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints chunking and embedding throughput on this machine, each against a baseline measured in the same run.
 * Run with {@code embed-service/bench.sh [chunks-to-embed]}. Figures, not assertions: speed is never tested.
 *
 * <ul>
 *   <li>chunking (clean + sentences + pack) of a recording of 12,000 one-sentence utterances and of a document of the
 *       same sentences on 400 pages (where the sentence splitter runs), remembered word counts against the native
 *       tokenizer per sentence (the chunks must come out identical);</li>
 *   <li>embedding one text per model call against batches of 16, for chunks and for short sentences;</li>
 *   <li>the stage's ONNX sessions (one thread per inference) against the library's default (a spinning per-core
 *       pool inside each inference), chunks/s and CPU per chunk;</li>
 *   <li>what sentence vectors cost: chunks/s embedding only the chunk texts against the production path, which also
 *       embeds every distinct sentence text of the chunks (on a third of the chunks, at least 16).</li>
 * </ul>
 */
public final class EmbedBench {
    private static final String[] SUBJECTS = {"I", "My father", "We", "The old fisherman", "Our neighbour", "She",
            "My grandmother", "The children", "Nobody in the village", "The teacher"};
    private static final String[] VERBS = {"remembered", "repaired", "painted", "sold", "carried", "described",
            "photographed", "cooked", "planted", "argued about"};
    private static final String[] OBJECTS = {"the wooden boat", "a basket of apples", "the harbour wall",
            "the church bells", "a letter from Canada", "the winter storms", "bread for the whole street",
            "the railway station", "his first bicycle", "the school garden"};
    private static final String[] TAILS = {"before the war", "every Sunday morning", "when the tide was low",
            "although it rained for weeks", "with surprising patience", "in nineteen fifty-two",
            "because nobody else would", "while the radio played", "near the lighthouse", "for almost ten years"};

    private static final int ROUNDS = 3;
    private static final int BATCH = 16;
    private static final int SENTENCES = 12_000;
    private static final int PAGES = 400;

    private EmbedBench() {
    }

    public static void main(String[] args) {
        int toEmbed = args.length > 0 ? Integer.parseInt(args[0]) : 96;
        Random random = new Random(42);
        System.out.printf("cores=%d, java=%s, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());

        // --- inputs: the same sentences as a recording (one utterance each) and as a document ---------------
        List<String> said = new ArrayList<>(SENTENCES);
        int words = 0;
        for (int i = 0; i < SENTENCES; i++) {
            String sentence = sentence(random);
            said.add(sentence);
            words += sentence.split(" ").length;
        }
        List<TranscriptSegment> utterances = new ArrayList<>(SENTENCES);
        for (int i = 0; i < SENTENCES; i++) {
            // transcribe-service cuts at pauses: one sentence per utterance; every third opens with a filler.
            utterances.add(TranscriptSegment.spoken(i * 3.0, i * 3.0 + 2.75, (i % 3 == 1 ? "um, " : "") + said.get(i),
                    null, List.of()));
        }
        List<TranscriptSegment> pages = new ArrayList<>(PAGES);
        int perPage = SENTENCES / PAGES;
        for (int p = 0; p < PAGES; p++) {
            StringBuilder page = new StringBuilder();
            for (int k = 0; k < perPage; k++) {
                page.append(said.get(p * perPage + k)).append(k % 10 == 9 ? "\n\n" : " ");
            }
            pages.add(TranscriptSegment.written(p + 1, page.toString().strip()));
        }

        // --- chunking: real tokenizer and sentence model ---------------------------------------------------
        TextCleaner cleaner = new TextCleaner(Set.of("um", "uh"), Set.of("that", "had"));
        Chunker.Params params = new Chunker.Params(350, 1, 60, 60);
        WordPieceTokenCounter counter = new WordPieceTokenCounter();
        System.out.printf("chunking %d sentences, %d words (350-token chunks, 1 sentence overlap):%n", SENTENCES,
                words);
        List<Chunk> chunks = chunking("recording, " + SENTENCES + " utterances", utterances, SourceKind.recording,
                cleaner, params, counter, words);
        chunking("document, " + PAGES + " pages", pages, SourceKind.document, cleaner, params, counter, words);

        // --- embedding: one text per model call (baseline) vs batches spread over the model's threads -------
        EmbeddingEngine engine = EmbeddingEngine.standalone(config(BATCH, 0));
        List<Chunk> sample = chunks.subList(0, Math.min(toEmbed, chunks.size()));
        List<String> chunkTexts = sample.stream().map(Chunk::text).toList();
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < toEmbed * 4; i++) {
            sentences.add(sentence(random));
        }
        engine.embed(chunkTexts.subList(0, Math.min(4, chunkTexts.size()))); // warm-up both paths
        int avgTokens = (int) Math.round(sample.stream().mapToInt(Chunk::tokenCount).average().orElse(0) / 10) * 10;
        report("chunks of ~" + avgTokens + " tokens", chunkTexts, engine);
        report("sentences", sentences, engine);
        sessions(chunkTexts);
        // A third of the sample: every chunk brings ~27 more texts, and only the ratio matters.
        sentenceVectors(sample.subList(0, Math.max(1, Math.min(sample.size(), Math.max(16, toEmbed / 3)))), engine);
        System.out.printf("load average at end: %s (other processes share these cores)%n", loadAverage());
    }

    /** Times the chunker with the native tokenizer per sentence (baseline) and with remembered word counts. */
    private static List<Chunk> chunking(String what, List<TranscriptSegment> segments, SourceKind kind,
            TextCleaner cleaner, Chunker.Params params, WordPieceTokenCounter counter, int words) {
        SentenceSplitter splitter = new SentenceSplitter();
        TokenCounter perSentence = counter::countDirect;
        Chunker direct = new Chunker(params, splitter, perSentence);
        Chunker cached = new Chunker(params, splitter, counter);
        runChunking(segments, kind, cleaner, direct); // warm-up (and the splitter's model)
        runChunking(segments, kind, cleaner, cached);
        long t0 = System.nanoTime();
        List<Chunk> baseline = runChunking(segments, kind, cleaner, direct);
        double directSec = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        List<Chunk> chunks = runChunking(segments, kind, cleaner, cached);
        double chunkSec = (System.nanoTime() - t0) / 1e9;
        if (!baseline.equals(chunks)) {
            throw new IllegalStateException("the cached token count must not change the chunks");
        }
        int units = chunks.stream().mapToInt(c -> c.sentences().size()).sum();
        System.out.printf("  %s -> %d chunks (avg %.0f tokens, %.1f sentences each incl. overlap):%n", what,
                chunks.size(), chunks.stream().mapToInt(Chunk::tokenCount).average().orElse(0),
                (double) units / chunks.size());
        System.out.printf("    tokenizer per sentence (baseline) %.2f s: %.0f sentences/s, %.0f chunks/s%n", directSec,
                SENTENCES / directSec, chunks.size() / directSec);
        System.out.printf("    remembered word counts            %.2f s: %.0f words/s, %.0f sentences/s, %.0f"
                + " chunks/s (x%.1f)%n", chunkSec, words / chunkSec, SENTENCES / chunkSec, chunks.size() / chunkSec,
                directSec / chunkSec);
        return chunks;
    }

    private static List<Chunk> runChunking(List<TranscriptSegment> segments, SourceKind kind, TextCleaner cleaner,
            Chunker chunker) {
        List<TranscriptSegment> cleaned = segments.stream()
                .map(s -> s.withText(cleaner.clean(s.text(), kind, "en")))
                .filter(s -> TextCleaner.hasUsableText(s.text())).toList();
        return chunker.chunk(cleaned, "en");
    }

    /**
     * Alternates the two strategies over {@code ROUNDS} rounds and reports medians, so a neighbour's build that
     * starts or stops mid-run skews both sides alike.
     */
    private static void report(String what, List<String> texts, EmbeddingEngine engine) {
        double[] single = new double[ROUNDS];
        double[] batched = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            for (String text : texts) {
                engine.embed(List.of(text));
            }
            single[round] = texts.size() / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            embedInBatches(texts, engine);
            batched[round] = texts.size() / ((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("embedding %d %s, median of %d rounds: one per call %.1f/s (baseline), batches of %d"
                        + " %.1f/s (x%.2f); rounds %s vs %s%n", texts.size(), what, ROUNDS, median(single), BATCH,
                median(batched), median(batched) / median(single), rates(single), rates(batched));
    }

    /**
     * What the per-sentence vectors cost. Baseline: the chunk texts alone in batches (what the stage embedded before
     * sentences had vectors). Production: what {@code TranscriptEmbedder} embeds for chunks that have no stored
     * vectors, the chunk texts and every distinct sentence text (overlap sentences once), in batches.
     */
    private static void sentenceVectors(List<Chunk> chunks, EmbeddingEngine engine) {
        List<String> chunkTexts = chunks.stream().map(Chunk::text).toList();
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        int sentenceCount = 0;
        for (Chunk chunk : chunks) {
            distinct.add(chunk.text());
            for (var sentence : chunk.sentences()) {
                distinct.add(sentence.textOf(chunk.text()));
                sentenceCount++;
            }
        }
        List<String> production = new ArrayList<>(distinct);
        double[] without = new double[ROUNDS];
        double[] with = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            embedInBatches(chunkTexts, engine);
            without[round] = chunks.size() / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            embedInBatches(production, engine);
            with[round] = chunks.size() / ((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("embedding %d chunks with their sentences (%d sentences, %d distinct texts in all), batches"
                        + " of %d, median of %d rounds: chunk vectors only %.1f chunks/s (baseline), chunk + sentence"
                        + " vectors %.1f chunks/s = %.0f texts/s (x%.2f the time); rounds %s vs %s%n",
                chunks.size(), sentenceCount, production.size(), BATCH, ROUNDS, median(without), median(with),
                median(with) * production.size() / chunks.size(), median(without) / median(with), rates(without),
                rates(with));
    }

    /**
     * The stage's sessions (one ONNX thread per inference, texts in parallel over the engine's threads) against the
     * library's default session (each inference also split over its per-core pool, which spin-waits) over the same
     * threads: chunks/s and the process's CPU per chunk, spinning included, in batches of {@code BATCH}. The vectors
     * must be the same.
     */
    private static void sessions(List<String> chunkTexts) {
        int cores = Runtime.getRuntime().availableProcessors();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(cores, task -> {
            Thread t = new Thread(task, "bench-embed");
            t.setDaemon(true);
            return t;
        });
        var id = dev.persona.common.embedding.EmbeddingModels.byId(config(BATCH, 0).modelId());
        dev.langchain4j.model.embedding.EmbeddingModel library = id.load(pool);
        dev.langchain4j.model.embedding.EmbeddingModel stage = id.loadOnThreads(pool);
        List<dev.langchain4j.data.segment.TextSegment> segments = chunkTexts.stream()
                .map(dev.langchain4j.data.segment.TextSegment::from).toList();
        if (!Arrays.equals(library.embed(chunkTexts.get(0)).content().vector(),
                stage.embed(chunkTexts.get(0)).content().vector())) {
            throw new IllegalStateException("the stage's sessions must give the library's vectors");
        }
        double[][] rate = new double[2][ROUNDS];
        double[][] cpu = new double[2][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            int m = 0;
            for (dev.langchain4j.model.embedding.EmbeddingModel model : List.of(library, stage)) {
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                for (int from = 0; from < segments.size(); from += BATCH) {
                    model.embedAll(segments.subList(from, Math.min(segments.size(), from + BATCH)));
                }
                rate[m][round] = segments.size() / ((System.nanoTime() - t0) / 1e9);
                cpu[m][round] = (processCpuNanos() - cpu0) / 1e6 / segments.size();
                m++;
            }
        }
        System.out.printf("sessions, %d chunks in batches of %d over %d threads, median of %d rounds: library "
                        + "session (spinning pool) %.1f chunks/s, %.0f ms CPU a chunk (baseline); one thread per "
                        + "inference %.1f chunks/s (x%.2f), %.0f ms CPU a chunk (x%.2f)%n", segments.size(), BATCH,
                cores, ROUNDS, median(rate[0]), median(cpu[0]), median(rate[1]), median(rate[1]) / median(rate[0]),
                median(cpu[1]), median(cpu[1]) / median(cpu[0]));
        pool.shutdownNow();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void embedInBatches(List<String> texts, EmbeddingEngine engine) {
        for (int from = 0; from < texts.size(); from += BATCH) {
            engine.embed(texts.subList(from, Math.min(texts.size(), from + BATCH)));
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String rates(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format("%.1f", v)).collect(Collectors.joining("/"));
    }

    private static String sentence(Random random) {
        return SUBJECTS[random.nextInt(SUBJECTS.length)] + " " + VERBS[random.nextInt(VERBS.length)] + " "
                + OBJECTS[random.nextInt(OBJECTS.length)] + " " + TAILS[random.nextInt(TAILS.length)] + ".";
    }

    private static EmbeddingConfig config(int batchSize, int threads) {
        return new EmbeddingConfig() {
            @Override
            public String modelId() {
                return "all-minilm-l6-v2-q";
            }

            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public int threads() {
                return threads;
            }
        };
    }
}
