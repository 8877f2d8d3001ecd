package dev.persona.embed.bench;

import dev.persona.common.events.SourceKind;
import dev.persona.embed.config.EmbeddingConfig;
import dev.persona.embed.domain.Chunk;
import dev.persona.embed.domain.Segment;
import dev.persona.embed.service.Chunker;
import dev.persona.embed.service.EmbeddingEngine;
import dev.persona.embed.service.SentenceSplitter;
import dev.persona.embed.service.TextCleaner;
import dev.persona.embed.service.WordPieceTokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Prints chunking and embedding throughput on this machine, each against a baseline measured in the same run.
 * Run with {@code embed-service/bench.sh [chunks-to-embed]}. Figures, not assertions: speed is never tested.
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

    private EmbedBench() {
    }

    public static void main(String[] args) {
        int toEmbed = args.length > 0 ? Integer.parseInt(args[0]) : 96;
        Random random = new Random(42);
        System.out.printf("cores=%d, java=%s, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());

        // --- chunking: clean + sentence split + pack, real tokenizer ----------------------------------------
        List<Segment> segments = new ArrayList<>();
        int words = 0;
        int sentencesWritten = 0;
        for (int i = 0; i < 4000; i++) {
            StringBuilder text = new StringBuilder();
            for (int s = 0; s < 3; s++) {
                String sentence = sentence(random);
                text.append(s == 1 ? "um, " : "").append(sentence).append(' ');
                words += sentence.split(" ").length;
                sentencesWritten++;
            }
            segments.add(new Segment(i * 9.0, i * 9.0 + 8.5, null, text.toString()));
        }
        TextCleaner cleaner = new TextCleaner(Set.of("um", "uh"), Set.of("that", "had"));
        Chunker.Params params = new Chunker.Params(350, 1, 60, 60);
        WordPieceTokenCounter counter = new WordPieceTokenCounter();
        // Baseline: every sentence sent whole to the native tokenizer; production: word counts remembered.
        Chunker direct = new Chunker(params, new SentenceSplitter(), counter::countDirect);
        Chunker chunker = new Chunker(params, new SentenceSplitter(), counter);
        runChunking(segments, cleaner, direct); // warm-up
        long t0 = System.nanoTime();
        List<Chunk> baseline = runChunking(segments, cleaner, direct);
        double directSec = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        List<Chunk> chunks = runChunking(segments, cleaner, chunker);
        double chunkSec = (System.nanoTime() - t0) / 1e9;
        if (!baseline.equals(chunks)) {
            throw new IllegalStateException("the cached token count must not change the chunks");
        }
        System.out.printf("chunking %d segments, %d words, %d sentences -> %d chunks (avg %.0f tokens):%n",
                segments.size(), words, sentencesWritten, chunks.size(),
                chunks.stream().mapToInt(Chunk::tokenCount).average().orElse(0));
        System.out.printf("  tokenizer per sentence (baseline) %.2f s: %.0f sentences/s, %.0f chunks/s%n", directSec,
                sentencesWritten / directSec, chunks.size() / directSec);
        System.out.printf("  remembered word counts            %.2f s: %.0f words/s, %.0f sentences/s, %.0f chunks/s"
                + " (x%.1f)%n", chunkSec, words / chunkSec, sentencesWritten / chunkSec, chunks.size() / chunkSec,
                directSec / chunkSec);

        // --- embedding: one text per model call (baseline) vs batches spread over the model's threads -------
        EmbeddingEngine engine = EmbeddingEngine.standalone(config(16, 0));
        List<String> chunkTexts = chunks.subList(0, Math.min(toEmbed, chunks.size())).stream().map(Chunk::text)
                .toList();
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < toEmbed * 4; i++) {
            sentences.add(sentence(random));
        }
        engine.embed(chunkTexts.subList(0, 4)); // warm-up both paths
        report("chunks of ~" + Math.round(chunks.get(0).tokenCount() / 10.0) * 10 + " tokens", chunkTexts, engine);
        report("sentences", sentences, engine);
        System.out.printf("load average at end: %s (other processes share these cores)%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    private static List<Chunk> runChunking(List<Segment> segments, TextCleaner cleaner, Chunker chunker) {
        List<Segment> cleaned = segments.stream()
                .map(s -> s.withText(cleaner.clean(s.text(), SourceKind.recording, "en"))).toList();
        return chunker.chunk(cleaned, "en");
    }

    /**
     * Alternates the two strategies over {@code ROUNDS} rounds and reports medians, so a neighbour's build that
     * starts or stops mid-run skews both sides alike.
     */
    private static void report(String what, List<String> texts, EmbeddingEngine engine) {
        int batch = 16;
        double[] single = new double[ROUNDS];
        double[] batched = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            for (String text : texts) {
                engine.embed(List.of(text));
            }
            single[round] = texts.size() / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (int from = 0; from < texts.size(); from += batch) {
                engine.embed(texts.subList(from, Math.min(texts.size(), from + batch)));
            }
            batched[round] = texts.size() / ((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("embedding %d %s, median of %d rounds: one per call %.1f/s (baseline), batches of %d"
                        + " %.1f/s (x%.2f); rounds %s vs %s%n", texts.size(), what, ROUNDS, median(single), batch,
                median(batched), median(batched) / median(single), rates(single), rates(batched));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String rates(double[] values) {
        return java.util.Arrays.stream(values).mapToObj(v -> String.format("%.1f", v))
                .collect(java.util.stream.Collectors.joining("/"));
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
