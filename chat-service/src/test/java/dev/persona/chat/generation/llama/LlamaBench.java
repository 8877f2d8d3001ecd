package dev.persona.chat.generation.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Throughput and time to first token of {@link LlamaCppChatModel} against a baseline measured in the same run:
 * java-llama.cpp's own token iterator on the same file, prompt, token count and seed, with nothing of ours around it.
 *
 * <p>The three are measured in turn, round after round, so that load changes on a shared machine fall on all alike.
 * Usage: {@code LlamaBench [embeddingLength=64] [layers=2] [tokens=128] [runs=10] [threads=2]} on a random-weight
 * llama model written to a temporary directory (a real GGUF file path may be given as a sixth argument instead).
 * Ends with {@code System.exit}, because java-llama.cpp's worker thread keeps the JVM alive after close.
 */
public final class LlamaBench {

    private static final String CONTEXT = String.join(" ", Collections.nCopies(25,
            "I remember the summer in my father's garden, the music from the house and my mother at work."));

    /**
     * Run {@code i}'s conversation: a system message with about 300 tokens of retrieved context and a question.
     * With {@code fresh}, the run number leads the prompt, so llama.cpp cannot reuse any of the previous prompt's
     * KV cache and must process the whole prompt (what a new question with newly retrieved context costs); otherwise
     * every run sends the same prompt and only the generation is measured.
     */
    private static List<ChatMessage> conversation(int i, boolean fresh) {
        String session = fresh ? "Session " + i + ". " : "";
        return List.of(
                SystemMessage.from(session + "You are Ada. Answer in the first person, only from these excerpts: "
                        + CONTEXT),
                UserMessage.from("What do you remember about the summer in your father's garden?"));
    }

    private LlamaBench() {
    }

    public static void main(String[] args) throws Exception {
        int embedding = intArg(args, 0, 64);
        int layers = intArg(args, 1, 2);
        int tokens = intArg(args, 2, 128);
        int runs = intArg(args, 3, 10);
        int threads = intArg(args, 4, 2);
        Path dir = Files.createTempDirectory("llama-bench");
        Path model = args.length > 5 ? Path.of(args[5])
                : new TinyLlamaModel().embeddingLength(embedding).layers(layers).feedForwardLength(embedding * 2)
                        .contextLength(2048).writeTo(dir.resolve("bench.gguf"));
        System.out.printf(Locale.ROOT, "model %s (%d bytes), %d tokens per answer, %d runs, %d threads, %s%n", model,
                Files.size(model), tokens, runs, threads, Runtime.version());

        LlamaCppOptions options = LlamaCppOptions.of(threads, tokens).withSeed(42).withContextSize(2048);
        try (LlamaCppChatModel chat = LlamaCppChatModel.open(model, options)) {
            System.out.printf(Locale.ROOT, "prompt: %d tokens%n", chat.countTokens(chat.prompt(conversation(0, true))));
            try (LlamaModel raw = new LlamaModel(new ModelParameters().setModel(model.toString())
                    .setThreads(threads).setThreadsBatch(threads).setCtxSize(2048).setParallel(1).disableLog())) {
                for (boolean fresh : new boolean[] {false, true}) {
                    System.out.println(fresh ? "-- fresh prompt every run (whole prompt processed)"
                            : "-- same prompt every run (prompt cached by llama.cpp)");
                    List<List<Sample>> samples = measure(runs, List.of(
                            i -> rawRun(raw, chat.prompt(conversation(i, fresh)), tokens),
                            i -> blockingRun(chat, conversation(i, fresh)),
                            i -> streamingRun(chat, conversation(i, fresh))));
                    report("baseline: java-llama.cpp iterator", samples.get(0));
                    report("LlamaCppChatModel.chat (blocking)", samples.get(1));
                    report("LlamaCppChatModel.stream", samples.get(2));
                }
            }
        } finally {
            Files.walk(dir).sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.exit(0);
    }

    /** One answer: tokens generated, nanoseconds to the first token and to the last. */
    private record Sample(int tokens, long firstTokenNanos, long totalNanos) {
    }

    private interface Run {
        Sample once(int i) throws Exception;
    }

    private static int runCounter;

    /**
     * Runs the contenders in turn, round after round, so that changes in machine load over time fall on all of
     * them alike; one warm-up round first (thread pools, caches) is not recorded.
     */
    private static List<List<Sample>> measure(int runs, List<Run> contenders) throws Exception {
        List<List<Sample>> samples = new ArrayList<>();
        contenders.forEach(c -> samples.add(new ArrayList<>()));
        for (int round = 0; round <= runs; round++) {
            for (int c = 0; c < contenders.size(); c++) {
                Sample sample = contenders.get(c).once(++runCounter);
                if (round > 0) {
                    samples.get(c).add(sample);
                }
            }
        }
        return samples;
    }

    private static Sample rawRun(LlamaModel raw, String prompt, int tokens) {
        long start = System.nanoTime();
        long first = 0;
        int count = 0;
        LlamaIterator iterator = raw.generate(new InferenceParameters(prompt).setNPredict(tokens).setSeed(42)
                .setTemperature(0.7f).setCachePrompt(true)
                .setStopStrings(PlainChatTemplate.STOP_SEQUENCES.toArray(String[]::new))).iterator();
        while (iterator.hasNext()) {
            iterator.next();
            if (iterator.hasNext()) {
                count++;
                if (first == 0) {
                    first = System.nanoTime() - start;
                }
            }
        }
        return new Sample(count, first, System.nanoTime() - start);
    }

    private static Sample blockingRun(LlamaCppChatModel chat, List<ChatMessage> conversation) {
        long start = System.nanoTime();
        ChatResponse response = chat.chat(conversation);
        long total = System.nanoTime() - start;
        return new Sample(response.tokenUsage().outputTokenCount(), 0, total);
    }

    private static Sample streamingRun(LlamaCppChatModel chat, List<ChatMessage> conversation) throws Exception {
        long start = System.nanoTime();
        long[] first = {0};
        ChatResponse response = chat.stream(ChatRequest.builder().messages(conversation).build(),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                        if (first[0] == 0) {
                            first[0] = System.nanoTime() - start;
                        }
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse ignored) {
                    }

                    @Override
                    public void onError(Throwable error) {
                        error.printStackTrace();
                    }
                }).completion().get(10, TimeUnit.MINUTES);
        return new Sample(response.tokenUsage().outputTokenCount(), first[0], System.nanoTime() - start);
    }

    private static void report(String name, List<Sample> samples) {
        double tokensPerSecond = median(samples.stream()
                .mapToDouble(s -> s.tokens() / (s.totalNanos() / 1e9)).toArray());
        double firstTokenMs = median(samples.stream().mapToDouble(s -> s.firstTokenNanos() / 1e6).toArray());
        int tokens = samples.get(0).tokens();
        System.out.printf(Locale.ROOT, "%-36s %4d tokens  %8.1f tokens/s  time to first token %s%n", name, tokens,
                tokensPerSecond, firstTokenMs > 0 ? String.format(Locale.ROOT, "%6.2f ms", firstTokenMs) : "   n/a");
    }

    private static double median(double[] values) {
        java.util.Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
