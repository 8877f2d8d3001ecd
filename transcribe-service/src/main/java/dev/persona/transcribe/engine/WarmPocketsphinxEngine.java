package dev.persona.transcribe.engine;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.memory.SpokenWord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * pocketsphinx kept running with its models loaded, for questions asked by voice: a fresh decoder spends ~0.45 s
 * loading them before it hears a word, a third of a short question's wait. {@code pocketsphinx_batch} reads its control
 * file one line at a time, so here it reads a named pipe: each question is a raw file plus one control line per speech
 * region, and the decoder's log ({@code -backtrace yes}) gives each region's words with their frames as soon as it is
 * decoded. At most {@code size} decoders run, one question each at a time.
 * <p>
 * A decoder that fails, stalls past the timeout or dies is killed and replaced later, and that question is decoded by
 * a fresh process (the one-shot engine) instead, so the warm pool never makes a question fail that would otherwise
 * pass.
 */
public final class WarmPocketsphinxEngine implements SpeechEngine {
    private static final Logger LOG = Logger.getLogger(WarmPocketsphinxEngine.class);

    private final PocketsphinxEngine.Settings settings;
    private final PocketsphinxEngine oneShot;
    private final BlockingQueue<Decoder> idle = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    public WarmPocketsphinxEngine(PocketsphinxEngine.Settings settings) {
        this.settings = settings;
        this.oneShot = new PocketsphinxEngine(settings);
    }

    @Override
    public String id() {
        return oneShot.id();
    }

    @Override
    public void checkReady() {
        oneShot.checkReady();
    }

    @Override
    public boolean supportsLanguage(String language) {
        return oneShot.supportsLanguage(language);
    }

    @Override
    public List<SpokenWord> transcribe(PcmAudio audio, List<SpeechRegion> regions, String language) {
        if (regions.isEmpty()) {
            return List.of();
        }
        checkReady();
        Decoder decoder = idle.poll();
        try {
            if (decoder == null) {
                decoder = Decoder.start(settings);
            }
            List<SpokenWord> words = decoder.decode(audio, regions, settings.timeout());
            release(decoder);
            return words;
        } catch (IOException | EngineFailure e) {
            LOG.warnf("A warm pocketsphinx decoder failed (%s); this question goes to a fresh one", e.getMessage());
            if (decoder != null) {
                decoder.close();
            }
            return oneShot.transcribe(audio, regions, language);
        }
    }

    /** Starts {@code count} decoders in the background, so the first questions find their models loaded. */
    @Override
    public void warmUp(int count) {
        Thread starter = new Thread(() -> {
            for (int i = 0; i < count && !closed; i++) {
                try {
                    release(Decoder.start(settings));
                } catch (IOException e) {
                    LOG.warnf("Could not start a warm pocketsphinx decoder: %s", e.getMessage());
                    return;
                }
            }
        }, "warm-pocketsphinx-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void release(Decoder decoder) {
        if (closed) {
            decoder.close();
        } else {
            idle.offer(decoder);
        }
    }

    /** The process ids of the decoders waiting for a question (for tests that make one fail). */
    List<Long> idleDecoderPids() {
        return idle.stream().map(d -> d.process.pid()).toList();
    }

    @Override
    public void close() {
        closed = true;
        for (Decoder d = idle.poll(); d != null; d = idle.poll()) {
            d.close();
        }
    }

    /** One running {@code pocketsphinx_batch} reading its control lines from a named pipe in its own folder. */
    static final class Decoder {
        /** {@code batch.c}'s line after each utterance: "INFO: batch.c(760): q3r0: 3.82 seconds speech, ...". */
        private static final Pattern DONE = Pattern.compile("batch\\.c\\(\\d+\\): (\\S+): [\\d.]+ seconds speech");
        private static final Pattern DECODING = Pattern.compile("batch\\.c\\(\\d+\\): Decoding '(\\S+)'");
        /** A backtrace row: word, start frame, end frame, posterior, acoustic, language score, backoff. */
        private static final Pattern ROW = Pattern.compile(
                "^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+-?[\\d.]+\\s+-?\\d+\\s+-?\\d+\\s+-?\\d+\\s*$");
        private static final String END = "\u0000end";

        private final Process process;
        private final Path dir;
        private final RandomAccessFile control;
        private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
        private int next;

        private Decoder(Process process, Path dir, RandomAccessFile control) {
            this.process = process;
            this.dir = dir;
            this.control = control;
        }

        static Decoder start(PocketsphinxEngine.Settings settings) throws IOException {
            Path dir = Files.createTempDirectory("persona-warm-pocketsphinx-");
            Path fifo = dir.resolve("control");
            makeFifo(fifo);
            List<String> command = new ArrayList<>(List.of(settings.binary(), "-adcin", "yes", "-cepdir",
                    dir.toString(), "-cepext", ".raw", "-ctl", fifo.toString(), "-samprate", "16000",
                    "-input_endian", "little", "-backtrace", "yes"));
            settings.hmm().ifPresent(v -> command.addAll(List.of("-hmm", v)));
            settings.lm().ifPresent(v -> command.addAll(List.of("-lm", v)));
            settings.dict().ifPresent(v -> command.addAll(List.of("-dict", v)));
            command.addAll(settings.extraArgs());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // Read and write: opening a pipe this way never blocks on Linux, whether or not the decoder has opened
            // its end yet; lines wait in the pipe until it reads them. Closing it ends the decoder's input.
            RandomAccessFile control = new RandomAccessFile(fifo.toFile(), "rw");
            Decoder decoder = new Decoder(process, dir, control);
            Thread reader = new Thread(decoder::readOutput, "warm-pocketsphinx-output");
            reader.setDaemon(true);
            reader.start();
            return decoder;
        }

        private static void makeFifo(Path fifo) throws IOException {
            try {
                Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
                if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                    throw new IOException("mkfifo " + fifo + " failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted making " + fifo, e);
            }
        }

        private void readOutput() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                LOG.debugf("Warm decoder output ended: %s", e.getMessage());
            } finally {
                output.add(END);
            }
        }

        /** Decodes the regions as utterances {@code q<n>r<i>}; fails when the decoder stalls, dies or is refused. */
        List<SpokenWord> decode(PcmAudio audio, List<SpeechRegion> regions, Duration timeout) throws IOException {
            String stem = "q" + next++;
            Path raw = dir.resolve(stem + ".raw");
            PocketsphinxEngine.Batch batch = PocketsphinxEngine.writeBatch(audio, regions, raw, stem + "r");
            try {
                control.write(batch.control().getBytes(StandardCharsets.US_ASCII));
                return batch.place(read(stem + "r", regions.size(), timeout), audio, regions);
            } finally {
                Files.deleteIfExists(raw);
            }
        }

        private Map<String, List<PocketsphinxEngine.Word>> read(String uttPrefix, int utterances, Duration timeout) {
            Map<String, List<PocketsphinxEngine.Word>> words = new HashMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            String current = null;
            int done = 0;
            while (done < utterances) {
                String line = poll(deadline);
                Matcher m;
                if ((m = DECODING.matcher(line)).find()) {
                    current = m.group(1);
                    words.put(current, new ArrayList<>());
                } else if ((m = DONE.matcher(line)).find()) {
                    if (m.group(1).startsWith(uttPrefix)) {
                        done++;
                    }
                    current = null;
                } else if (current != null && (m = ROW.matcher(line)).matches()) {
                    String word = PocketsphinxEngine.clean(m.group(1));
                    if (word != null) {
                        // The row's end is its last frame; the word ends where the next frame begins.
                        words.get(current).add(new PocketsphinxEngine.Word(word, Long.parseLong(m.group(2)),
                                Long.parseLong(m.group(3)) + 1));
                    }
                } else if (line.contains("ERROR") || line.contains("FATAL")) {
                    LOG.debugf("Warm decoder: %s", line);
                }
            }
            return words;
        }

        private String poll(long deadline) {
            try {
                String line = output.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new EngineFailure("the warm pocketsphinx decoder did not answer in time");
                }
                if (line.equals(END)) {
                    output.add(END);
                    throw new EngineFailure("the warm pocketsphinx decoder exited (code "
                            + (process.isAlive() ? "none yet" : process.exitValue()) + ")");
                }
                return line;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineFailure("interrupted while waiting for the warm decoder", e);
            }
        }

        void close() {
            try {
                control.close();
            } catch (IOException e) {
                LOG.debugf("Closing the warm decoder's control pipe: %s", e.getMessage());
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.debugf("Could not delete %s: %s", dir, e.getMessage());
            }
        }
    }
}
