package dev.persona.transcribe.engine;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.memory.SpokenWord;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperContextParams;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * whisper.cpp through whisper-jni, for production nodes that have a ggml model (and ideally a GPU). The model is
 * loaded once and shared; every call gets its own decoder state, so calls may run in parallel.
 *
 * <p>Word times: whisper-jni 1.7.1 exposes only segments (text, start and end in centiseconds), not whisper.cpp's
 * token data nor its {@code token_timestamps} / {@code max_len} / {@code split_on_word} parameters. So each segment's
 * span, clamped into its region, is shared out among its words in proportion to their letters and digits; words keep
 * Whisper's casing and punctuation ("farmers.", "I'm"). Segment boundaries are Whisper's own timestamps, so a pause
 * or a sentence end still falls between words at the right place; inside a segment the times are an estimate.
 */
public final class WhisperEngine implements SpeechEngine {
    private static final Logger LOG = Logger.getLogger(WhisperEngine.class);
    /** whisper.cpp refuses inputs under one second; shorter regions are padded with silence up to this. */
    private static final double MIN_INPUT_SEC = 1.05;
    /** Special tokens, should a build print them into the text: [_BEG_], [_TT_150], <|endoftext|>, ... */
    private static final Pattern SPECIAL_TOKEN = Pattern.compile("\\[_[A-Za-z_]*\\d*\\]|<\\|[^|]*\\|>");
    private static boolean libraryLoaded;

    public record Settings(Optional<Path> modelPath, int threads, boolean useGpu, Optional<Path> libraryDir) {
        public Settings(Optional<Path> modelPath, int threads, boolean useGpu) {
            this(modelPath, threads, useGpu, Optional.empty());
        }
    }

    private final Settings settings;
    private WhisperJNI whisper;
    private WhisperContext context;
    private boolean multilingual;

    public WhisperEngine(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "whisper/" + settings.modelPath().map(p -> p.getFileName().toString()).orElse("(no model)");
    }

    @Override
    public synchronized void checkReady() {
        if (context != null) {
            return;
        }
        Path model = settings.modelPath().orElseThrow(() -> new EngineUnavailable(
                "the whisper engine is selected but no model is configured: set persona.transcribe.whisper.model-path"
                        + " to a ggml Whisper model file (e.g. ggml-base.en.bin), or use persona.transcribe.engine=pocketsphinx"));
        if (!Files.isRegularFile(model) || !Files.isReadable(model)) {
            throw new EngineUnavailable("the whisper model file " + model + " does not exist or cannot be read"
                    + " (persona.transcribe.whisper.model-path)");
        }
        WhisperJNI jni = new WhisperJNI();
        loadLibrary(settings.libraryDir());
        WhisperContextParams params = new WhisperContextParams();
        params.useGPU = settings.useGpu();
        WhisperContext loaded;
        try {
            loaded = jni.initNoState(model, params);
        } catch (IOException | RuntimeException e) {
            throw new EngineUnavailable("whisper could not load the model " + model + ": " + e.getMessage(), e);
        }
        // whisper-jni answers null rather than throwing when the file is not a ggml Whisper model.
        if (loaded == null) {
            throw new EngineUnavailable("whisper could not load the model " + model
                    + ": it is not a valid ggml Whisper model (persona.transcribe.whisper.model-path)");
        }
        whisper = jni;
        context = loaded;
        multilingual = jni.isMultilingual(loaded);
        LOG.infof("Loaded whisper model %s (multilingual: %s, gpu requested: %s)", model, multilingual,
                settings.useGpu());
    }

    private static synchronized void loadLibrary(Optional<Path> libraryDir) {
        if (libraryLoaded) {
            return;
        }
        if (libraryDir.isPresent()) {
            if (!Files.isDirectory(libraryDir.get())) {
                throw new EngineUnavailable("the whisper native library folder " + libraryDir.get()
                        + " does not exist (persona.transcribe.whisper.library-dir)");
            }
            // whisper-jni then loads libwhisper, libggml and libwhisper-jni from there instead of from its jar.
            System.setProperty("io.github.givimad.whisperjni.libdir", libraryDir.get().toAbsolutePath().toString());
        }
        try {
            WhisperJNI.loadLibrary();
            libraryLoaded = true;
        } catch (IOException | LinkageError e) {
            throw new EngineUnavailable("the whisper native library could not be loaded on this platform: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsLanguage(String language) {
        if (language == null || language.isBlank() || language.toLowerCase(Locale.ROOT).startsWith("en")) {
            return true;
        }
        checkReady();
        return multilingual;
    }

    @Override
    public List<SpokenWord> transcribe(PcmAudio audio, List<SpeechRegion> regions, String language) {
        checkReady();
        List<SpokenWord> words = new ArrayList<>();
        for (SpeechRegion region : regions) {
            words.addAll(transcribeRegion(audio, region, language));
        }
        return words;
    }

    private List<SpokenWord> transcribeRegion(PcmAudio audio, SpeechRegion region, String language) {
        int from = audio.sampleAt(region.startSec());
        int to = audio.sampleAt(region.endSec());
        int length = Math.max(to - from, (int) (MIN_INPUT_SEC * audio.sampleRate()));
        float[] samples = new float[length];
        for (int i = from; i < to; i++) {
            samples[i - from] = audio.samples()[i] / 32768f;
        }
        WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
        params.nThreads = settings.threads();
        params.language = language == null || language.isBlank() ? "auto" : language.toLowerCase(Locale.ROOT);
        params.translate = false;
        params.noContext = true;
        params.suppressBlank = true;
        params.suppressNonSpeechTokens = true;
        params.printProgress = false;
        params.printRealtime = false;
        params.printTimestamps = false;
        WhisperState state = whisper.initState(context);
        if (state == null) {
            throw new EngineFailure("whisper could not allocate a decoder state");
        }
        try {
            int rc = whisper.fullWithState(context, state, params, samples, samples.length);
            if (rc != 0) {
                throw new EngineFailure("whisper failed on the region at " + region.startSec() + " s (code " + rc + ")");
            }
            int n = whisper.fullNSegmentsFromState(state);
            List<Segment> segments = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // Timestamps are centiseconds from the start of the region's input.
                segments.add(new Segment(whisper.fullGetSegmentTextFromState(state, i),
                        whisper.fullGetSegmentTimestamp0FromState(state, i) / 100.0,
                        whisper.fullGetSegmentTimestamp1FromState(state, i) / 100.0));
            }
            return words(segments, region);
        } finally {
            state.close();
        }
    }

    /** One whisper.cpp segment: its text and its times in seconds from the start of the region. */
    record Segment(String text, double startSec, double endSec) {
    }

    /**
     * Splits segments into words timed against the whole recording: each segment's span is moved by the region's
     * start and clamped into the region, then shared out among its words by their letters and digits. Times never go
     * backwards (a segment that starts before the previous one ended starts where it ended) and are rounded to
     * centiseconds inside the region.
     */
    static List<SpokenWord> words(List<Segment> segments, SpeechRegion region) {
        List<SpokenWord> words = new ArrayList<>();
        double cursor = region.startSec();
        for (Segment segment : segments) {
            List<String> texts = new ArrayList<>();
            String text = segment.text() == null ? "" : segment.text();
            for (String word : SPECIAL_TOKEN.matcher(text).replaceAll(" ").trim().split("\\s+")) {
                if (!word.isBlank()) {
                    texts.add(word);
                }
            }
            if (texts.isEmpty()) {
                continue;
            }
            double start = clamp(region.startSec() + segment.startSec(), Math.max(cursor, region.startSec()),
                    region.endSec());
            double end = clamp(region.startSec() + segment.endSec(), start, region.endSec());
            int total = 0;
            int[] weights = new int[texts.size()];
            for (int i = 0; i < texts.size(); i++) {
                weights[i] = weight(texts.get(i));
                total += weights[i];
            }
            int done = 0;
            for (int i = 0; i < texts.size(); i++) {
                double wordStart = start + (end - start) * done / total;
                done += weights[i];
                double wordEnd = i == texts.size() - 1 ? end : start + (end - start) * done / total;
                words.add(new SpokenWord(texts.get(i), centis(wordStart, region), centis(wordEnd, region)));
            }
            cursor = end;
        }
        return words;
    }

    /** How much of its segment's time a word gets: its letters and digits, at least one. */
    private static int weight(String word) {
        int letters = 0;
        for (int i = 0; i < word.length(); i = word.offsetByCodePoints(i, 1)) {
            if (Character.isLetterOrDigit(word.codePointAt(i))) {
                letters++;
            }
        }
        return Math.max(1, letters);
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /** Rounded to centiseconds, still inside the region (rounding and clamping both keep the order of times). */
    private static double centis(double seconds, SpeechRegion region) {
        return clamp(Math.round(seconds * 100) / 100.0, region.startSec(), region.endSec());
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
