package dev.persona.chat.generation.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * A LangChain4j {@link ChatModel} and {@link StreamingChatModel} that runs a GGUF model in-process with llama.cpp
 * (through java-llama.cpp, whose natives ship inside its jar): no server, no network, no model hub.
 *
 * <ul>
 * <li><b>Prompt.</b> The messages are rendered with the model's own chat template when the GGUF file has one
 * ({@code tokenizer.chat_template}, applied by llama.cpp's built-in template support, which falls back to ChatML for
 * templates it does not recognise), otherwise with {@link PlainChatTemplate}. Control-token texts inside messages
 * are defused first ({@link ControlTokenGuard}), so message content cannot open or close turns.</li>
 * <li><b>Streaming.</b> {@link #stream} hands every token (or every complete UTF-8 character, when a character spans
 * several tokens) to {@code onPartialResponse} as llama.cpp produces it, then calls exactly one of
 * {@code onCompleteResponse} or {@code onError}. The complete response's text is exactly the concatenation of the
 * partial responses.</li>
 * <li><b>Limits.</b> An answer stops at {@code maxTokens} (a request may ask for fewer), at the end of the context,
 * at an end-of-turn token, or at a stop sequence; {@code FinishReason.LENGTH} reports the first two.</li>
 * <li><b>Concurrency.</b> llama.cpp runs one sequence at a time here: concurrent requests queue inside it.</li>
 * </ul>
 *
 * <p><b>Lifecycle.</b> {@link #close()} stops running generations and ends llama.cpp's worker loop. Two properties
 * of java-llama.cpp 4.2.0 matter to the application: its worker thread is attached to the JVM as a non-daemon
 * thread and never detached, so a JVM whose {@code main} simply returns does not exit after a model was opened, even
 * once closed (Quarkus, surefire and {@code System.exit} end the JVM regardless); and {@code close()} does not free
 * the model's native memory, so open one model per process and keep it.
 */
public final class LlamaCppChatModel implements ChatModel, StreamingChatModel, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LlamaCppChatModel.class);
    private static final long CLOSE_GRACE_SECONDS = 30;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final GgufModelFile file;
    private final LlamaCppOptions options;
    private final int contextSize;
    private final String modelName;
    private final LlamaModel llama;
    private final ControlTokenGuard controlTokenGuard;
    private final ExecutorService streamThreads;
    private final Set<LlamaGeneration> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LlamaCppChatModel(GgufModelFile file, LlamaCppOptions options, int contextSize, LlamaModel llama) {
        this.file = file;
        this.options = options;
        this.contextSize = contextSize;
        this.modelName = file.name().orElse(file.path().getFileName().toString());
        this.llama = llama;
        this.controlTokenGuard = new ControlTokenGuard(file.controlTokens());
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(task, "llama-generation-" + THREAD_IDS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.streamThreads = Executors.newCachedThreadPool(daemons);
    }

    /**
     * Opens a GGUF model with default sampling and context size ({@link LlamaCppOptions#of(int, int)}).
     *
     * @param modelFile a GGUF model file
     * @param threads CPU threads for llama.cpp
     * @param maxTokens the most tokens any answer may have
     * @throws IllegalArgumentException if the file is missing, unreadable, not a sound GGUF file, or a GGUF file
     *         llama.cpp cannot load (e.g. an architecture it does not know)
     */
    public static LlamaCppChatModel open(Path modelFile, int threads, int maxTokens) {
        return open(modelFile, LlamaCppOptions.of(threads, maxTokens));
    }

    /** Opens a GGUF model; see {@link #open(Path, int, int)} for the errors. */
    public static LlamaCppChatModel open(Path modelFile, LlamaCppOptions options) {
        Objects.requireNonNull(options, "options");
        GgufModelFile file = GgufModelFile.inspect(modelFile);
        int contextSize = Math.min(options.contextSize(), file.contextLength().orElse(Integer.MAX_VALUE));
        ModelParameters parameters = new ModelParameters()
                .setModel(file.path().toAbsolutePath().toString())
                .setThreads(options.threads())
                .setThreadsBatch(options.threads())
                .setCtxSize(contextSize)
                .setParallel(1)
                // Requests are sized to fit the context, so llama.cpp never has to drop tokens silently.
                .disableContextShift();
        if (!options.nativeLogging()) {
            parameters.disableLog();
        }
        NativeLibraryDirectory.prepare();
        long started = System.nanoTime();
        LlamaModel llama;
        try {
            llama = new LlamaModel(parameters);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("the llama.cpp native library could not be loaded on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("llama.cpp could not load model file " + file.path()
                    + " (GGUF v" + file.version() + ", architecture '" + file.architecture() + "'): " + e.getMessage()
                    + (options.nativeLogging() ? "" : "; open it with nativeLogging=true to see llama.cpp's reason"),
                    e);
        }
        LOG.infof("Loaded %s (%s, context %d tokens, %s prompt template) in %d ms", file.path(), file.architecture(),
                contextSize, file.chatTemplate().isPresent() ? "model's own" : "plain", (System.nanoTime() - started)
                        / 1_000_000);
        return new LlamaCppChatModel(file, options, contextSize, llama);
    }

    public GgufModelFile modelFile() {
        return file;
    }

    public LlamaCppOptions options() {
        return options;
    }

    /** Tokens of context allocated: the configured size, capped at the model's trained context. */
    public int contextSize() {
        return contextSize;
    }

    public boolean usesModelChatTemplate() {
        return file.chatTemplate().isPresent();
    }

    /**
     * The exact text handed to llama.cpp for these messages (after which it adds the BOS token if the model wants),
     * with control-token texts inside messages defused by {@link ControlTokenGuard}.
     */
    public String prompt(List<ChatMessage> messages) {
        ensureOpen();
        return render(ChatTurn.from(messages));
    }

    /** Number of tokens {@code text} takes in this model's vocabulary (without BOS). */
    public int countTokens(String text) {
        ensureOpen();
        return llama.encode(text).length;
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return DefaultChatRequestParameters.builder()
                .modelName(modelName)
                .temperature(options.temperature())
                .maxOutputTokens(options.maxTokens())
                .build();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    /** No tools, no JSON schema: plain text answers. */
    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    /** Generates a whole answer on the calling thread; interrupting the thread cancels the generation. */
    @Override
    public ChatResponse doChat(ChatRequest request) {
        LlamaGeneration generation = register();
        try {
            Job job = prepare(request);
            ChatResponse response = job.run(generation, chunk -> { });
            if (job.interrupted) {
                Thread.currentThread().interrupt();
                throw new LangChain4jException("generation was interrupted");
            }
            generation.complete(response);
            return response;
        } catch (RuntimeException e) {
            generation.fail(e);
            throw e;
        } finally {
            running.remove(generation);
        }
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        stream(request, handler);
    }

    /**
     * Streams an answer token by token to {@code handler} from a generation thread and returns at once. Every
     * problem, including an invalid request or a closed model, reaches {@code handler.onError}; an exception thrown
     * by {@code onPartialResponse} stops the generation and is passed to {@code onError}.
     */
    public LlamaGeneration stream(ChatRequest request, StreamingChatResponseHandler handler) {
        Objects.requireNonNull(handler, "handler");
        LlamaGeneration generation;
        try {
            generation = register();
        } catch (IllegalStateException closedModel) {
            LlamaGeneration failed = new LlamaGeneration();
            deliverError(handler, failed, closedModel);
            return failed;
        }
        try {
            streamThreads.execute(() -> streamOnThisThread(request, handler, generation));
        } catch (RejectedExecutionException e) {
            running.remove(generation);
            deliverError(handler, generation, new IllegalStateException("llama.cpp model " + modelName
                    + " is closed", e));
        }
        return generation;
    }

    private void streamOnThisThread(ChatRequest request, StreamingChatResponseHandler handler,
            LlamaGeneration generation) {
        ChatResponse response;
        try {
            response = prepare(request).run(generation, handler::onPartialResponse);
        } catch (RuntimeException | Error e) {
            running.remove(generation);
            deliverError(handler, generation, e);
            return;
        }
        running.remove(generation);
        try {
            handler.onCompleteResponse(response);
        } catch (RuntimeException e) {
            LOG.warn("onCompleteResponse of a streaming handler failed", e);
        } finally {
            generation.complete(response);
        }
    }

    private static void deliverError(StreamingChatResponseHandler handler, LlamaGeneration generation,
            Throwable error) {
        try {
            handler.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("onError of a streaming handler failed", e);
        } finally {
            generation.fail(error);
        }
    }

    /**
     * Stops running generations (waiting up to 30 s for them to reach a token boundary) and ends llama.cpp's worker
     * loop. Idempotent. See the class comment for what java-llama.cpp leaves behind.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<LlamaGeneration> active = new ArrayList<>(running);
        active.forEach(LlamaGeneration::cancel);
        streamThreads.shutdown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_GRACE_SECONDS);
        for (LlamaGeneration generation : active) {
            try {
                generation.completion().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException ignored) {
                // it ended, which is all close needs
            } catch (TimeoutException e) {
                LOG.warnf("A generation of %s did not stop within %d s; closing llama.cpp anyway", modelName,
                        CLOSE_GRACE_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        llama.close();
        LOG.infof("Closed llama.cpp model %s", modelName);
    }

    /** Registers before checking {@link #closed}, so {@link #close()} either sees the generation or it sees closed. */
    private LlamaGeneration register() {
        LlamaGeneration generation = new LlamaGeneration();
        running.add(generation);
        if (closed.get()) {
            running.remove(generation);
            throw new IllegalStateException("llama.cpp model " + modelName + " is closed");
        }
        return generation;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("llama.cpp model " + modelName + " is closed");
        }
    }

    private String render(List<ChatTurn> messages) {
        List<ChatTurn> turns = messages.stream()
                .map(t -> new ChatTurn(t.role(), controlTokenGuard.neutralize(t.text())))
                .toList();
        if (!usesModelChatTemplate()) {
            return PlainChatTemplate.render(turns);
        }
        String system = turns.stream().filter(t -> t.role() == ChatTurn.Role.SYSTEM).map(ChatTurn::text)
                .collect(Collectors.joining("\n\n"));
        List<Pair<String, String>> conversation = turns.stream().filter(t -> t.role() != ChatTurn.Role.SYSTEM)
                .map(t -> new Pair<>(t.role() == ChatTurn.Role.USER ? "user" : "assistant", t.text()))
                .toList();
        return llama.applyTemplate(new InferenceParameters("").setMessages(system, conversation));
    }

    private Job prepare(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ChatRequestParameters parameters = request.parameters();
        if (parameters.toolSpecifications() != null && !parameters.toolSpecifications().isEmpty()) {
            throw new UnsupportedFeatureException("tools are not supported by the llama.cpp chat model");
        }
        if (parameters.toolChoice() == ToolChoice.REQUIRED) {
            throw new UnsupportedFeatureException("tool choice REQUIRED is not supported by the llama.cpp chat model");
        }
        if (parameters.responseFormat() != null && parameters.responseFormat().type() == ResponseFormatType.JSON) {
            throw new UnsupportedFeatureException("JSON response format is not supported by the llama.cpp chat model");
        }
        Integer requestedMax = parameters.maxOutputTokens();
        if (requestedMax != null && requestedMax < 1) {
            throw new InvalidRequestException("maxOutputTokens must be at least 1, was " + requestedMax);
        }

        String prompt = render(ChatTurn.from(request.messages()));
        int promptTokens = llama.encode(prompt).length + 1; // + BOS, which llama.cpp adds for most models
        int room = contextSize - promptTokens;
        if (room < 1) {
            throw new InvalidRequestException("the prompt takes " + promptTokens + " tokens but the model's context"
                    + " holds " + contextSize + "; send fewer or shorter messages");
        }
        int limit = Math.min(options.maxTokens(), requestedMax == null ? Integer.MAX_VALUE : requestedMax);
        limit = Math.min(limit, room);

        double temperature = parameters.temperature() != null ? parameters.temperature() : options.temperature();
        InferenceParameters inference = new InferenceParameters(prompt)
                .setNPredict(limit)
                .setTemperature((float) temperature)
                .setCachePrompt(true);
        if (options.seed() >= 0) {
            inference.setSeed(options.seed());
        }
        if (parameters.topP() != null) {
            inference.setTopP(parameters.topP().floatValue());
        }
        if (parameters.topK() != null) {
            inference.setTopK(parameters.topK());
        }
        if (parameters.frequencyPenalty() != null) {
            inference.setFrequencyPenalty(parameters.frequencyPenalty().floatValue());
        }
        if (parameters.presencePenalty() != null) {
            inference.setPresencePenalty(parameters.presencePenalty().floatValue());
        }
        List<String> stops = new ArrayList<>(usesModelChatTemplate() ? List.of() : PlainChatTemplate.STOP_SEQUENCES);
        if (parameters.stopSequences() != null) {
            parameters.stopSequences().stream().filter(s -> s != null && !s.isEmpty()).forEach(stops::add);
        }
        if (!stops.isEmpty()) {
            inference.setStopStrings(stops.toArray(String[]::new));
        }
        return new Job(inference, promptTokens, limit);
    }

    /** One prepared request: drives llama.cpp's token iterator and assembles the response. */
    private final class Job {
        private final InferenceParameters inference;
        private final int promptTokens;
        private final int limit;
        private boolean interrupted;

        Job(InferenceParameters inference, int promptTokens, int limit) {
            this.inference = inference;
            this.promptTokens = promptTokens;
            this.limit = limit;
        }

        ChatResponse run(LlamaGeneration generation, Consumer<String> onChunk) {
            StringBuilder text = new StringBuilder();
            int tokens = 0;
            boolean cancelled = generation.isCancelRequested();
            if (!cancelled) {
                LlamaIterator iterator = start();
                boolean finished = false;
                try {
                    while (iterator.hasNext()) {
                        // Checked between tokens only: cancelling while this thread waits inside llama.cpp for
                        // a result that cancellation suppresses would leave it waiting forever.
                        if (generation.isCancelRequested() || Thread.currentThread().isInterrupted()) {
                            interrupted = Thread.currentThread().isInterrupted();
                            cancelled = true;
                            break;
                        }
                        LlamaOutput output = next(iterator);
                        if (iterator.hasNext()) {
                            // One result per sampled token (empty while a possible stop sequence is held
                            // back), except for tokens ending inside a UTF-8 character: the next one carries it.
                            tokens++;
                        }
                        String piece = text.length() == 0 ? output.text.stripLeading() : output.text;
                        if (!piece.isEmpty()) {
                            text.append(piece);
                            onChunk.accept(piece);
                        }
                    }
                    finished = !cancelled;
                } finally {
                    if (!finished && iterator.hasNext()) {
                        iterator.cancel();
                    }
                }
            }
            FinishReason reason = cancelled ? FinishReason.OTHER
                    : tokens >= limit ? FinishReason.LENGTH : FinishReason.STOP;
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from(text.toString()))
                    .modelName(modelName)
                    .tokenUsage(new TokenUsage(promptTokens, tokens))
                    .finishReason(reason)
                    .build();
        }

        private LlamaIterator start() {
            try {
                return llama.generate(inference).iterator();
            } catch (RuntimeException e) {
                throw new LangChain4jException("llama.cpp rejected the request: " + e.getMessage(), e);
            }
        }

        private LlamaOutput next(LlamaIterator iterator) {
            try {
                return iterator.next();
            } catch (RuntimeException e) {
                throw new LangChain4jException("llama.cpp generation failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * java-llama.cpp extracts its native library to {@code java.io.tmpdir} and, before that, deletes every file
     * there whose name starts with "llama" or "jllama" (its clean-up of old copies). Pointing it at a private
     * directory keeps it away from other files in /tmp, such as a build log named llama.log. A JVM can load a JNI
     * library into one class loader only, so each class loader (Quarkus dev-mode restarts) gets its own copy.
     */
    static final class NativeLibraryDirectory {
        private static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";
        private static final String PREFIX = "persona-jllama-";
        private static boolean prepared;

        private NativeLibraryDirectory() {
        }

        static synchronized void prepare() {
            if (prepared) {
                return;
            }
            String configured = System.getProperty(TMPDIR_PROPERTY);
            boolean ours = configured != null && Path.of(configured).getFileName().toString().startsWith(PREFIX);
            if ((configured != null && !ours) || System.getProperty("de.kherud.llama.lib.path") != null) {
                prepared = true; // the operator chose where the library lives
                return;
            }
            try {
                Path directory = Files.createTempDirectory(PREFIX);
                directory.toFile().deleteOnExit(); // runs after the library's own deleteOnExit of its file
                System.setProperty(TMPDIR_PROPERTY, directory.toString());
                prepared = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for the llama.cpp native library", e);
            }
        }
    }
}
