package dev.persona.transcribe.engine;

import dev.persona.transcribe.domain.PcmAudio;
import dev.persona.transcribe.domain.SpeechRegion;
import dev.persona.transcribe.domain.TranscriptSegment;
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
import org.jboss.logging.Logger;

/**
 * whisper.cpp through whisper-jni, for production nodes that have a ggml model (and ideally a GPU). The model is
 * loaded once and shared; every call gets its own decoder state, so calls may run in parallel.
 */
public final class WhisperEngine implements SpeechEngine {
    private static final Logger LOG = Logger.getLogger(WhisperEngine.class);
    /** whisper.cpp refuses inputs under one second; shorter regions are padded with silence up to this. */
    private static final double MIN_INPUT_SEC = 1.05;
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
    public List<TranscriptSegment> transcribe(PcmAudio audio, List<SpeechRegion> regions, String language) {
        checkReady();
        List<TranscriptSegment> segments = new ArrayList<>();
        for (SpeechRegion region : regions) {
            segments.addAll(transcribeRegion(audio, region, language));
        }
        return segments;
    }

    private List<TranscriptSegment> transcribeRegion(PcmAudio audio, SpeechRegion region, String language) {
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
            List<TranscriptSegment> out = new ArrayList<>();
            int n = whisper.fullNSegmentsFromState(state);
            for (int i = 0; i < n; i++) {
                String text = whisper.fullGetSegmentTextFromState(state, i).trim();
                if (text.isEmpty()) {
                    continue;
                }
                // Timestamps are centiseconds from the start of the region's input.
                double start = region.startSec() + whisper.fullGetSegmentTimestamp0FromState(state, i) / 100.0;
                double end = region.startSec() + whisper.fullGetSegmentTimestamp1FromState(state, i) / 100.0;
                start = Math.min(start, region.endSec());
                end = Math.max(start, Math.min(end, region.endSec()));
                out.add(new TranscriptSegment(Math.round(start * 100) / 100.0, Math.round(end * 100) / 100.0, text));
            }
            return out;
        } finally {
            state.close();
        }
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
            context = null;
        }
    }
}
