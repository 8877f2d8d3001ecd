package dev.persona.transcribe.engine;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.audio.SpeechRegion;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * CMU PocketSphinx (Debian packages {@code pocketsphinx} + {@code pocketsphinx-en-us}) run as a process. One
 * {@code pocketsphinx_batch} call decodes a whole batch of regions: their samples are written one after another to a
 * raw file and a control file names each region by frame range, so the model loads once per batch. The word
 * segmentation it writes ({@code -hypseg}) gives the timings.
 */
public final class PocketsphinxEngine implements SpeechEngine {
    private static final Logger LOG = Logger.getLogger(PocketsphinxEngine.class);
    /** Where Debian's pocketsphinx-en-us puts the model the decoder uses by default. */
    static final Path DEBIAN_MODEL = Path.of("/usr/share/pocketsphinx/model/en-us/en-us");
    private static final int FRAMES_PER_SEC = 100;
    private static final String INSTALL_HINT =
            "install the Debian packages pocketsphinx and pocketsphinx-en-us (apt-get install -y pocketsphinx pocketsphinx-en-us)";

    public record Settings(String binary, Optional<String> hmm, Optional<String> lm, Optional<String> dict,
            List<String> extraArgs, Duration timeout) {

        public static Settings defaults() {
            return new Settings("pocketsphinx_batch", Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                    Duration.ofMinutes(5));
        }
    }

    private final Settings settings;

    public PocketsphinxEngine(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "pocketsphinx/" + settings.hmm().map(h -> Path.of(h).getFileName().toString()).orElse("en-us");
    }

    @Override
    public void checkReady() {
        if (resolveBinary().isEmpty()) {
            throw new EngineUnavailable("the pocketsphinx decoder '" + settings.binary()
                    + "' was not found on the PATH: " + INSTALL_HINT
                    + ", or set persona.transcribe.pocketsphinx.binary");
        }
        Path model = settings.hmm().map(Path::of).orElse(DEBIAN_MODEL);
        if (!Files.isDirectory(model)) {
            throw new EngineUnavailable("the pocketsphinx acoustic model " + model + " is missing: " + INSTALL_HINT
                    + ", or set persona.transcribe.pocketsphinx.hmm");
        }
    }

    @Override
    public boolean supportsLanguage(String language) {
        return language == null || language.isBlank() || language.toLowerCase(Locale.ROOT).startsWith("en");
    }

    @Override
    public List<SpokenWord> transcribe(PcmAudio audio, List<SpeechRegion> regions, String language) {
        if (regions.isEmpty()) {
            return List.of();
        }
        checkReady();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("persona-pocketsphinx-");
            Batch batch = writeBatch(audio, regions, dir.resolve("batch.raw"), "r");
            Files.writeString(dir.resolve("batch.ctl"), batch.control(), StandardCharsets.US_ASCII);
            run(dir);
            return batch.place(parseHypseg(Files.readAllLines(dir.resolve("batch.seg"))), audio, regions);
        } catch (IOException e) {
            throw new EngineFailure("pocketsphinx batch could not be prepared or read: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * A batch file of regions for the decoder: {@code control} names each region by its frame range in the raw file
     * ({@code <file stem> <start> <end> <prefix><i>}, one line each); {@code frames} holds per region {startFrame,
     * endFrame, startSample}.
     */
    record Batch(String uttPrefix, List<long[]> frames, String control) {

        /** The words decoded per utterance id, timed against the whole recording and kept inside their regions. */
        List<SpokenWord> place(Map<String, List<Word>> words, PcmAudio audio, List<SpeechRegion> regions) {
            List<SpokenWord> spoken = new ArrayList<>();
            for (int i = 0; i < regions.size(); i++) {
                // Times are frames from the start of the region's own stretch in the batch file.
                double regionStart = frames.get(i)[2] / (double) audio.sampleRate();
                double regionEnd = regions.get(i).endSec();
                for (Word w : words.getOrDefault(uttPrefix + i, List.of())) {
                    double start = Math.min(regionEnd, regionStart + w.startFrame() / (double) FRAMES_PER_SEC);
                    double end = Math.min(regionEnd, regionStart + w.endFrame() / (double) FRAMES_PER_SEC);
                    spoken.add(new SpokenWord(w.text(), round(start), round(Math.max(start, end))));
                }
            }
            return spoken;
        }
    }

    /** Writes the regions' samples back to back to {@code raw}; utterance ids are {@code uttPrefix} + index. */
    static Batch writeBatch(PcmAudio audio, List<SpeechRegion> regions, Path raw, String uttPrefix)
            throws IOException {
        String stem = raw.getFileName().toString().replaceAll("\\.raw$", "");
        int samplesPerFrame = audio.sampleRate() / FRAMES_PER_SEC;
        List<long[]> frames = new ArrayList<>(regions.size());
        StringBuilder control = new StringBuilder();
        long frameCursor = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 16)) {
            for (int i = 0; i < regions.size(); i++) {
                SpeechRegion r = regions.get(i);
                // Whole frames only, so a region's frame range in the control file maps back to exact samples.
                int from = (audio.sampleAt(r.startSec()) / samplesPerFrame) * samplesPerFrame;
                int to = Math.min(audio.samples().length,
                        ((audio.sampleAt(r.endSec()) + samplesPerFrame - 1) / samplesPerFrame) * samplesPerFrame);
                int count = ((to - from) / samplesPerFrame) * samplesPerFrame;
                for (int s = from; s < from + count; s++) {
                    short v = audio.samples()[s];
                    out.write(v & 0xff);
                    out.write((v >> 8) & 0xff);
                }
                long frameCount = count / samplesPerFrame;
                frames.add(new long[] {frameCursor, frameCursor + frameCount, from});
                control.append(stem).append(' ').append(frameCursor).append(' ').append(frameCursor + frameCount)
                        .append(' ').append(uttPrefix).append(i).append('\n');
                frameCursor += frameCount;
            }
        }
        return new Batch(uttPrefix, frames, control.toString());
    }

    private void run(Path dir) throws IOException {
        List<String> command = new ArrayList<>(List.of(settings.binary(), "-adcin", "yes", "-cepdir", dir.toString(),
                "-cepext", ".raw", "-ctl", dir.resolve("batch.ctl").toString(), "-hypseg",
                dir.resolve("batch.seg").toString(), "-samprate", "16000", "-input_endian", "little", "-logfn",
                dir.resolve("decoder.log").toString()));
        settings.hmm().ifPresent(v -> command.addAll(List.of("-hmm", v)));
        settings.lm().ifPresent(v -> command.addAll(List.of("-lm", v)));
        settings.dict().ifPresent(v -> command.addAll(List.of("-dict", v)));
        command.addAll(settings.extraArgs());
        Path output = dir.resolve("process.out");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new EngineUnavailable("the pocketsphinx decoder '" + settings.binary() + "' could not be started ("
                    + e.getMessage() + "): " + INSTALL_HINT, e);
        }
        boolean finished;
        try {
            finished = process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new EngineFailure("pocketsphinx was interrupted and killed", e);
        }
        if (!finished) {
            kill(process);
            throw new EngineFailure("pocketsphinx did not finish within " + settings.timeout() + " and was killed");
        }
        if (process.exitValue() != 0) {
            String log = tail(dir.resolve("decoder.log"), tail(output, ""));
            throw new EngineFailure("pocketsphinx exited with code " + process.exitValue() + ": " + log);
        }
        if (!Files.exists(dir.resolve("batch.seg"))) {
            throw new EngineFailure("pocketsphinx wrote no segmentation: " + tail(dir.resolve("decoder.log"), ""));
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Word(String text, long startFrame, long endFrame) {
    }

    /**
     * Parses {@code -hypseg} lines: {@code uttid S s T t A a L l} followed by {@code startFrame ascr lscr word}
     * groups and a final end frame; frames count from the utterance's first frame.
     */
    static Map<String, List<Word>> parseHypseg(List<String> lines) {
        Map<String, List<Word>> result = new HashMap<>();
        for (String line : lines) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 10) {
                continue;
            }
            List<Word> words = new ArrayList<>();
            int i = 9;
            // Each word ends where the next group (or the final end frame) begins.
            while (i + 4 < t.length) {
                long start = Long.parseLong(t[i]);
                String token = t[i + 3];
                long end = Long.parseLong(t[i + 4]);
                String word = clean(token);
                if (word != null) {
                    words.add(new Word(word, start, end));
                }
                i += 4;
            }
            result.put(t[0], words);
        }
        return result;
    }

    /** Drops fillers ({@code <s>}, {@code <sil>}, {@code [NOISE]}, {@code ++breath++}) and pronunciation variants. */
    static String clean(String token) {
        if (token.isEmpty() || token.startsWith("<") || token.startsWith("[") || token.startsWith("+")) {
            return null;
        }
        int paren = token.indexOf('(');
        return paren > 0 ? token.substring(0, paren) : token;
    }

    private Optional<Path> resolveBinary() {
        if (settings.binary().contains(File.separator)) {
            Path p = Path.of(settings.binary());
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path candidate = Path.of(entry, settings.binary());
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String tail(Path file, String fallback) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains("ERROR") || l.contains("FATAL")).toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? fallback : String.join(" | ", last);
        } catch (IOException | UncheckedIOException e) {
            return fallback;
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", dir, e.getMessage());
        }
    }
}
