package dev.persona.transcribe.bench.lm;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.audio.VadSettings;
import dev.persona.common.audio.VoiceActivityDetector;
import dev.persona.common.memory.SpokenWord;
import dev.persona.transcribe.bench.WordErrorRate;
import dev.persona.transcribe.engine.PocketsphinxEngine;
import dev.persona.transcribe.service.RegionBatches;
import dev.persona.transcribe.service.WavReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Does a persona-adapted language model lower pocketsphinx's word error rate? Issue item 6, measured.
 *
 * <p>For every recording of the grounding corpus ({@code bench/grounding/corpus}), spoken as that bench speaks it,
 * the recording is decoded through the service's own path (VAD, 60 s batches, {@link PocketsphinxEngine}) with the
 * default Debian model and with the default model interpolated ({@link PersonaLmBuilder}) with a bigram model of the
 * persona's text, leave-one-out: the persona's documents plus the other recordings of the same persona, never the
 * tested one. The other recordings enter either as their scripts (what a perfect earlier transcript would say) or as
 * what the baseline recogniser heard in them (what the transcripts collection really holds). Lambda is chosen on the
 * dev personas (lowest dev WER, scripts source) and reported on the holdout ones. The control decodes the LibriVox
 * files of {@code pocketsphinx-testdata}, whose speakers have no persona text, with models adapted to each corpus
 * persona's text: it shows what adapting to unrelated text costs.
 *
 * <p>Run: {@code transcribe-service/persona-lm-bench.sh} (options: {@code --lambdas 0.1,0.2,0.35,0.5,0.7} (the default),
 * {@code --lambda 0.5} to skip the sweep, {@code --threads 2}, {@code --personas a,b}, {@code --corpus DIR}, {@code --work DIR}). Decodes and
 * synthesised audio are cached in the work folder ({@code transcribe-service/target/persona-lm-bench}), so a second
 * run only prints.
 */
public final class PersonaLmBench {
    private static final Path GENERIC_LM = Path.of("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin");
    private static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    /** Bump when decoding or adaptation changes, so cached results are recomputed. */
    private static final String VERSION = "v1";

    private final Path work;
    private final NgramModel generic;
    private final Lexicon lexicon;
    private final VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.defaults());
    private final Map<String, Decode> cache = new ConcurrentHashMap<>();
    private final Path cacheFile;
    private final boolean convert;

    record Decode(String hypothesis, double seconds, double audioSec) {
    }

    record Case(String corpus, String split, String persona, String recording, String voice, String reference,
            Path wav) {
    }

    /** Totals of one condition over a group of cases. */
    static final class Tally {
        int errors;
        int words;
        double seconds;
        double audio;
        int n;

        void add(WordErrorRate.Counts c, Decode d) {
            errors += c.errors();
            words += c.referenceWords();
            seconds += d.seconds();
            audio += d.audioSec();
            n++;
        }

        double wer() {
            return words == 0 ? 0 : 100.0 * errors / words;
        }

        double rtf() {
            return audio == 0 ? 0 : seconds / audio;
        }
    }

    PersonaLmBench(Path work) throws IOException {
        this.work = work;
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        this.generic = SphinxTrieReader.read(GENERIC_LM);
        System.out.printf(Locale.ROOT, "generic model %s: %d words, %d bigrams, %d trigrams (read in %.1f s)%n",
                GENERIC_LM, generic.vocabularySize(), generic.bigramCount(), generic.trigramCount(),
                (System.nanoTime() - t0) / 1e9);
        this.lexicon = Lexicon.load(Lexicon.DEBIAN_DICT, onPath("t2p") ? "t2p" : null);
        this.convert = onPath("sphinx_lm_convert");
        System.out.println("pronunciations for words CMUdict lacks: " + (onPath("t2p") ? "flite t2p" : "none (no t2p)")
                + "; adapted models decoded as " + (convert ? "trie binary (sphinx_lm_convert)" : "ARPA text"));
        this.cacheFile = work.resolve("decodes-" + VERSION + ".tsv");
        if (Files.exists(cacheFile)) {
            for (String line : Files.readAllLines(cacheFile, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length == 4) {
                    cache.put(f[0], new Decode(f[3], Double.parseDouble(f[1]), Double.parseDouble(f[2])));
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path root = Path.of(System.getProperty("persona.root", ".")).toAbsolutePath();
        Path corpusDir = Path.of(opts.getOrDefault("corpus",
                root.resolve("bench/grounding/corpus").toString()));
        if (!Files.isDirectory(corpusDir)) {
            corpusDir = root.getParent().resolve("bench/grounding/corpus");
        }
        Path workDir = Path.of(opts.getOrDefault("work",
                root.resolve("transcribe-service/target/persona-lm-bench").toString()));
        List<Double> lambdas = opts.containsKey("lambda") ? List.of(Double.parseDouble(opts.get("lambda")))
                : java.util.Arrays.stream(opts.getOrDefault("lambdas", "0.1,0.2,0.35,0.5,0.7").split(","))
                        .map(Double::parseDouble).toList();
        int threads = Integer.parseInt(opts.getOrDefault("threads", "1"));
        PersonaLmBench bench = new PersonaLmBench(workDir);
        List<String> only = opts.containsKey("personas") ? List.of(opts.get("personas").split(",")) : List.of();
        bench.run(corpusDir, lambdas, threads, only);
    }

    void run(Path corpusDir, List<Double> lambdas, int threads, List<String> only) throws Exception {
        List<GroundingCorpus.Persona> personas = GroundingCorpus.read(corpusDir).stream()
                .filter(p -> only.isEmpty() || only.contains(p.id())).toList();
        CorpusSpeech speech = new CorpusSpeech(work.resolve("audio"));
        List<Case> cases = new ArrayList<>();
        Map<String, GroundingCorpus.Persona> byId = new LinkedHashMap<>();
        for (GroundingCorpus.Persona p : personas) {
            byId.put(p.id(), p);
            for (GroundingCorpus.Recording r : p.recordings()) {
                cases.add(new Case("grounding", p.split(), p.id(), r.name(), r.voice(), r.text(), speech.wav(p.id(), r)));
            }
        }
        System.out.printf(Locale.ROOT, "%d personas, %d recordings from %s%n%n", personas.size(), cases.size(),
                corpusDir);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // 1. Baseline, every recording (its hypotheses are the "recogniser output" source).
            Map<Case, Decode> baseline = decodeAll(pool, cases, c -> key(c, "baseline"), c -> decode(c.wav(),
                    Optional.empty(), Optional.empty()));
            // 2. Lambda on dev, scripts source.
            double chosen = lambdas.get(0);
            Map<Double, Map<Case, Decode>> sweep = new TreeMap<>();
            List<Case> dev = cases.stream().filter(c -> "dev".equals(c.split())).toList();
            List<Case> holdout = cases.stream().filter(c -> !"dev".equals(c.split())).toList();
            for (double lambda : lambdas) {
                sweep.put(lambda, decodeAll(pool, dev, c -> key(c, "scripts", lambda),
                        c -> adaptedDecode(c, text(byId.get(c.persona()), c, "scripts", baseline, cases), lambda)));
            }
            if (lambdas.size() > 1) {
                System.out.println("Lambda on dev (" + dev.size() + " recordings, adapted with documents + other recordings' scripts):");
                Tally base = tally(dev, baseline);
                System.out.printf(Locale.ROOT, "  baseline           WER %5.1f %%%n", base.wer());
                double best = Double.MAX_VALUE;
                for (Map.Entry<Double, Map<Case, Decode>> e : sweep.entrySet()) {
                    Tally t = tally(dev, e.getValue());
                    System.out.printf(Locale.ROOT, "  lambda %.2f        WER %5.1f %%%n", e.getKey(), t.wer());
                    if (t.wer() < best - 1e-9) {
                        best = t.wer();
                        chosen = e.getKey();
                    }
                }
                System.out.printf(Locale.ROOT, "  chosen lambda %.2f%n%n", chosen);
            }
            final double lambda = chosen;
            // 3. Chosen lambda: holdout with scripts; everything with the recogniser's own output.
            Map<Case, Decode> scripts = new LinkedHashMap<>(sweep.get(lambda));
            scripts.putAll(decodeAll(pool, holdout, c -> key(c, "scripts", lambda),
                    c -> adaptedDecode(c, text(byId.get(c.persona()), c, "scripts", baseline, cases), lambda)));
            Map<Case, Decode> output = decodeAll(pool, cases, c -> key(c, "output", lambda),
                    c -> adaptedDecode(c, text(byId.get(c.persona()), c, "output", baseline, cases), lambda));
            // 4. Cross-persona: the same amount of text, but another persona's (the next one in the corpus), to tell
            //    what the persona's own words bring from what any interpolation does.
            List<GroundingCorpus.Persona> list = new ArrayList<>(byId.values());
            Map<Case, Decode> other = decodeAll(pool, cases, c -> key(c, "other", lambda), c -> {
                GroundingCorpus.Persona next = list.get((list.indexOf(byId.get(c.persona())) + 1) % list.size());
                return adaptedDecode(c, personaText(next, null, "scripts", baseline, cases), lambda);
            });
            // 5. Control: LibriVox speakers, models adapted to each persona's whole text.
            Map<String, String> refs = readReferences(LIBRIVOX.resolve("transcription"));
            List<Case> libri = refs.entrySet().stream().map(e -> new Case("librivox", "control", "-", e.getKey(),
                    "human (LibriVox)", e.getValue(), LIBRIVOX.resolve(e.getKey() + ".wav"))).toList();
            Map<Case, Decode> libriBase = decodeAll(pool, libri, c -> key(c, "baseline"),
                    c -> decode(c.wav(), Optional.empty(), Optional.empty()));
            Map<String, Map<Case, Decode>> libriAdapted = new LinkedHashMap<>();
            for (GroundingCorpus.Persona p : personas) {
                List<List<String>> all = personaText(p, null, "scripts", baseline, cases);
                libriAdapted.put(p.id(), decodeBatch(libri, "control-" + p.id(), lambda, all));
            }
            // 6. Speed, paired: per recording, baseline and adapted (recogniser-output text) decodes run back to
            //    back, one at a time, so machine load hits both alike; plus the time to build each model.
            List<Case> timed = cases;
            Map<Case, Decode[]> timing = new LinkedHashMap<>();
            for (Case c : timed) {
                String kb = key(c, "timing-baseline", lambda);
                String ka = key(c, "timing-adapted", lambda);
                String kbuild = key(c, "timing-build", lambda);
                if (!cache.containsKey(kb) || !cache.containsKey(ka) || !cache.containsKey(kbuild)) {
                    try (AdaptedModel m = build(text(byId.get(c.persona()), c, "output", baseline, cases), lambda)) {
                        remember(kbuild, new Decode("", m.buildSec(), 0));
                        remember(kb, decode(c.wav(), Optional.empty(), Optional.empty()));
                        remember(ka, decode(c.wav(), Optional.of(m.lm()), Optional.of(m.dict())));
                    }
                    System.out.printf(Locale.ROOT, "  timed %s%n", key(c, "timing", lambda));
                }
                timing.put(c, new Decode[] {cache.get(kb), cache.get(ka), cache.get(kbuild)});
            }
            report(cases, baseline, scripts, output, other, libri, libriBase, libriAdapted, timing, lambda);
            coverage(cases, byId, baseline);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The persona's text for adapting to {@code tested}: documents + the other recordings (scripts or output). */
    private List<List<String>> text(GroundingCorpus.Persona p, Case tested, String source, Map<Case, Decode> baseline,
            List<Case> cases) {
        return personaText(p, tested, source, baseline, cases);
    }

    private static List<List<String>> personaText(GroundingCorpus.Persona p, Case tested, String source,
            Map<Case, Decode> baseline, List<Case> cases) {
        List<List<String>> sentences = new ArrayList<>();
        for (GroundingCorpus.Document d : p.documents()) {
            sentences.addAll(LmText.sentences(String.join("\n", d.lines())));
        }
        for (GroundingCorpus.Recording r : p.recordings()) {
            if (tested != null && r.name().equals(tested.recording())) {
                continue; // never the tested recording's own text
            }
            if ("scripts".equals(source)) {
                sentences.addAll(LmText.sentences(String.join("\n", r.sentences())));
            } else {
                Case c = cases.stream().filter(x -> x.persona().equals(p.id()) && x.recording().equals(r.name()))
                        .findFirst().orElseThrow();
                for (String utterance : baseline.get(c).hypothesis().split("\\|")) {
                    List<String> words = LmText.hypothesis(utterance);
                    if (!words.isEmpty()) {
                        sentences.add(words);
                    }
                }
            }
        }
        return sentences;
    }

    @FunctionalInterface
    interface Job {
        Decode run(Case c) throws Exception;
    }

    private Map<Case, Decode> decodeAll(ExecutorService pool, List<Case> cases, java.util.function.Function<Case, String> key,
            Job job) throws Exception {
        Map<Case, Future<Decode>> futures = new LinkedHashMap<>();
        for (Case c : cases) {
            String k = key.apply(c);
            Decode cached = cache.get(k);
            if (cached != null) {
                futures.put(c, java.util.concurrent.CompletableFuture.completedFuture(cached));
                continue;
            }
            futures.put(c, pool.submit(() -> {
                Decode d = job.run(c);
                remember(k, d);
                System.out.printf(Locale.ROOT, "  decoded %-60s WER %5.1f %%  %5.1f s%n", k,
                        100 * WordErrorRate.count(c.reference(), d.hypothesis().replace('|', ' ')).rate(),
                        d.seconds());
                return d;
            }));
        }
        Map<Case, Decode> out = new LinkedHashMap<>();
        for (Map.Entry<Case, Future<Decode>> e : futures.entrySet()) {
            out.put(e.getKey(), e.getValue().get());
        }
        return out;
    }

    /** The control: one adapted model per persona, all LibriVox files decoded with it. */
    private Map<Case, Decode> decodeBatch(List<Case> files, String condition, double lambda,
            List<List<String>> sentences) throws Exception {
        Map<Case, Decode> out = new LinkedHashMap<>();
        List<Case> missing = files.stream().filter(c -> !cache.containsKey(key(c, condition, lambda))).toList();
        if (!missing.isEmpty()) {
            try (AdaptedModel m = build(sentences, lambda)) {
                for (Case c : missing) {
                    Decode d = decode(c.wav(), Optional.of(m.lm()), Optional.of(m.dict()));
                    remember(key(c, condition, lambda), d);
                }
            }
            System.out.printf(Locale.ROOT, "  decoded control %s (%d files)%n", condition, missing.size());
        }
        for (Case c : files) {
            out.put(c, cache.get(key(c, condition, lambda)));
        }
        return out;
    }

    private Decode adaptedDecode(Case c, List<List<String>> sentences, double lambda) throws Exception {
        try (AdaptedModel m = build(sentences, lambda)) {
            return decode(c.wav(), Optional.of(m.lm()), Optional.of(m.dict()));
        }
    }

    record AdaptedModel(Path dir, Path lm, Path dict, double buildSec) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    AdaptedModel build(List<List<String>> sentences, double lambda) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        PersonaLmBuilder.Result r = PersonaLmBuilder.adapt(generic, sentences, lambda, lexicon);
        Path dir = Files.createTempDirectory(work, "lm-");
        Path arpa = dir.resolve("persona.lm");
        r.model().writeArpa(arpa);
        Path lm = arpa;
        if (convert) {
            lm = dir.resolve("persona.lm.bin");
            Process p = new ProcessBuilder("sphinx_lm_convert", "-i", arpa.toString(), "-o", lm.toString(), "-ofmt",
                    "bin").redirectErrorStream(true).redirectOutput(dir.resolve("convert.log").toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("sphinx_lm_convert failed: " + Files.readString(dir.resolve("convert.log")));
            }
            Files.delete(arpa);
        }
        Path dict = dir.resolve("persona.dict");
        lexicon.writeWith(r.newPronunciations(), dict);
        return new AdaptedModel(dir, lm, dict, (System.nanoTime() - t0) / 1e9);
    }

    /** The service's path: VAD, batches of 60 s of speech, the engine; utterances (regions) joined by "|". */
    Decode decode(Path wav, Optional<Path> lm, Optional<Path> dict) {
        PcmAudio audio = WavReader.read(wav);
        PocketsphinxEngine engine = new PocketsphinxEngine(new PocketsphinxEngine.Settings("pocketsphinx_batch",
                Optional.empty(), lm.map(Path::toString), dict.map(Path::toString), List.of(), Duration.ofMinutes(10)));
        long t0 = System.nanoTime();
        List<SpeechRegion> regions = vad.detect(audio).regions();
        List<String> utterances = new ArrayList<>();
        for (RegionBatches.Batch b : RegionBatches.of(regions, 60)) {
            List<SpokenWord> words = engine.transcribe(audio, b.regions(), "en");
            for (SpeechRegion r : b.regions()) {
                utterances.add(words.stream().filter(w -> w.startSec() >= r.startSec() - 1e-6
                        && w.startSec() <= r.endSec() + 1e-6).map(SpokenWord::text).collect(Collectors.joining(" ")));
            }
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        return new Decode(String.join("|", utterances), sec, audio.durationSec());
    }

    private static String key(Case c, String condition) {
        return c.corpus() + "/" + c.persona() + "/" + c.recording() + "/" + condition;
    }

    private static String key(Case c, String condition, double lambda) {
        return key(c, condition) + String.format(Locale.ROOT, "@%.2f", lambda);
    }

    private synchronized void remember(String key, Decode d) {
        cache.put(key, d);
        try (BufferedWriter w = Files.newBufferedWriter(cacheFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            w.write(key + "\t" + d.seconds() + "\t" + d.audioSec() + "\t" + d.hypothesis() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tally tally(List<Case> cases, Map<Case, Decode> decodes) {
        Tally t = new Tally();
        for (Case c : cases) {
            Decode d = decodes.get(c);
            t.add(WordErrorRate.count(c.reference(), d.hypothesis().replace('|', ' ')), d);
        }
        return t;
    }

    private void report(List<Case> cases, Map<Case, Decode> baseline, Map<Case, Decode> scripts,
            Map<Case, Decode> output, Map<Case, Decode> other, List<Case> libri, Map<Case, Decode> libriBase,
            Map<String, Map<Case, Decode>> libriAdapted, Map<Case, Decode[]> timing, double lambda) {
        System.out.println();
        System.out.println("Per recording, WER %: baseline / adapted with documents + other recordings' scripts / "
                + "... + recogniser output of the other recordings / another persona's text:");
        for (Case c : cases) {
            System.out.printf(Locale.ROOT, "  %-8s %-16s %-25s %-19s %5.1f %5.1f %5.1f %5.1f%n", c.split(),
                    c.persona(), c.recording(), c.voice(), wer(c, baseline), wer(c, scripts), wer(c, output),
                    wer(c, other));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "lambda %.2f (chosen on dev). RTF: decoding time / audio (decoder start and model load included), baseline and adapted (hyp) timed back to back. adapted (scr): documents + other recordings' "
                + "scripts; adapted (hyp): documents + recogniser output of the other recordings; other persona: "
                + "another persona's documents + scripts. WER = errors / reference words.%n", lambda);
        String header = String.format(Locale.ROOT,
                "| %-9s | %-7s | %-9s | %3s | %5s | %8s | %13s | %13s | %13s | %8s | %8s | %6s |", "corpus", "split",
                "voice", "rec", "words", "base WER", "adapted (scr)", "adapted (hyp)", "other persona", "RTF base",
                "RTF adap", "lambda");
        System.out.println(header);
        System.out.println(header.replaceAll("[^|]", "-"));
        for (String split : List.of("dev", "holdout")) {
            List<Case> group = cases.stream().filter(c -> c.split().equals(split)).toList();
            Map<String, List<Case>> byVoice = new TreeMap<>();
            group.forEach(c -> byVoice.computeIfAbsent(c.voice().replaceAll(":.*", ""), k -> new ArrayList<>()).add(c));
            for (Map.Entry<String, List<Case>> e : byVoice.entrySet()) {
                row("grounding", split, e.getKey(), e.getValue(), baseline, scripts, output, other, timing, lambda);
            }
            row("grounding", split, "all", group, baseline, scripts, output, other, timing, lambda);
        }
        System.out.println();
        System.out.println("Change against baseline, points, with a 95 % bootstrap interval (recordings resampled, 10000 times):");
        for (String split : List.of("dev", "holdout")) {
            List<Case> group = cases.stream().filter(c -> c.split().equals(split)).toList();
            if (group.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-8s adapted (scr) %s   adapted (hyp) %s   other persona %s%n", split,
                    interval(group, baseline, scripts), interval(group, baseline, output),
                    interval(group, baseline, other));
        }

        Tally lb = tally(libri, libriBase);
        System.out.println();
        System.out.println("Control: LibriVox (real speech, no persona text), adapted to each corpus persona's whole text:");
        System.out.printf(Locale.ROOT, "| %-26s | %8s | %8s |%n", "model", "WER", "change");
        System.out.printf(Locale.ROOT, "|----------------------------|----------|----------|%n");
        System.out.printf(Locale.ROOT, "| %-26s | %7.1f%% | %8s |%n", "baseline", lb.wer(), "");
        double worst = -Double.MAX_VALUE;
        double sum = 0;
        for (Map.Entry<String, Map<Case, Decode>> e : libriAdapted.entrySet()) {
            Tally t = tally(libri, e.getValue());
            worst = Math.max(worst, t.wer() - lb.wer());
            sum += t.wer() - lb.wer();
            System.out.printf(Locale.ROOT, "| %-26s | %7.1f%% | %+7.1f  |%n", "adapted: " + e.getKey(), t.wer(),
                    t.wer() - lb.wer());
        }
        System.out.printf(Locale.ROOT, "control: mean change %+.1f points, worst %+.1f points (%d reference words)%n",
                sum / libriAdapted.size(), worst, lb.words);

        if (!timing.isEmpty()) {
            double base = 0;
            double adapted = 0;
            double audio = 0;
            double build = 0;
            for (Decode[] d : timing.values()) {
                base += d[0].seconds();
                adapted += d[1].seconds();
                audio += d[0].audioSec();
                build += d[2].seconds();
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "Speed, paired on %d recordings (%.0f s of audio), baseline and adapted decoded "
                    + "back to back: RTF baseline %.2f, adapted %.2f; building one adapted model (interpolate, write "
                    + "ARPA, sphinx_lm_convert to binary, dictionary) %.1f s on average.%n", timing.size(), audio,
                    base / audio, adapted / audio, build / timing.size());
        }
    }

    /** How much of a recording its persona's other text could have foretold (why the gains are what they are). */
    private static void coverage(List<Case> cases, Map<String, GroundingCorpus.Persona> byId,
            Map<Case, Decode> baseline) {
        long tokens = 0;
        long tokensSeen = 0;
        long longWords = 0;
        long longSeen = 0;
        long bigrams = 0;
        long bigramsSeen = 0;
        for (Case c : cases) {
            List<String> text = new ArrayList<>();
            personaText(byId.get(c.persona()), c, "scripts", baseline, cases).forEach(text::addAll);
            java.util.Set<String> seen = new java.util.HashSet<>(text);
            java.util.Set<String> seenPairs = new java.util.HashSet<>();
            for (int i = 1; i < text.size(); i++) {
                seenPairs.add(text.get(i - 1) + " " + text.get(i));
            }
            for (List<String> sentence : LmText.sentences(c.reference())) {
                for (int i = 0; i < sentence.size(); i++) {
                    String w = sentence.get(i);
                    if (w == null) {
                        continue;
                    }
                    tokens++;
                    tokensSeen += seen.contains(w) ? 1 : 0;
                    if (w.length() >= 5) {
                        longWords++;
                        longSeen += seen.contains(w) ? 1 : 0;
                    }
                    if (i > 0 && sentence.get(i - 1) != null) {
                        bigrams++;
                        bigramsSeen += seenPairs.contains(sentence.get(i - 1) + " " + w) ? 1 : 0;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nCoverage: of the tested recordings' words, %.0f %% occur in the persona's other "
                + "text (documents + other scripts), %.0f %% of those with 5+ letters, %.0f %% of their word pairs.%n",
                100.0 * tokensSeen / tokens, 100.0 * longSeen / longWords, 100.0 * bigramsSeen / bigrams);
    }

    /** Paired bootstrap over recordings of the WER difference (adapted - baseline), in points. */
    private static String interval(List<Case> group, Map<Case, Decode> baseline, Map<Case, Decode> adapted) {
        int n = group.size();
        int[] be = new int[n];
        int[] ae = new int[n];
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            Case c = group.get(i);
            WordErrorRate.Counts b = WordErrorRate.count(c.reference(), baseline.get(c).hypothesis().replace('|', ' '));
            WordErrorRate.Counts a = WordErrorRate.count(c.reference(), adapted.get(c).hypothesis().replace('|', ' '));
            be[i] = b.errors();
            ae[i] = a.errors();
            words[i] = b.referenceWords();
        }
        java.util.Random random = new java.util.Random(6);
        double[] deltas = new double[10_000];
        for (int r = 0; r < deltas.length; r++) {
            int db = 0;
            int da = 0;
            int w = 0;
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                db += be[k];
                da += ae[k];
                w += words[k];
            }
            deltas[r] = 100.0 * (da - db) / w;
        }
        java.util.Arrays.sort(deltas);
        int tb = java.util.Arrays.stream(be).sum();
        int ta = java.util.Arrays.stream(ae).sum();
        int tw = java.util.Arrays.stream(words).sum();
        return String.format(Locale.ROOT, "%+5.1f [%+5.1f, %+5.1f]", 100.0 * (ta - tb) / tw, deltas[249], deltas[9749]);
    }

    private static void row(String corpus, String split, String voice, List<Case> group, Map<Case, Decode> baseline,
            Map<Case, Decode> scripts, Map<Case, Decode> output, Map<Case, Decode> other, Map<Case, Decode[]> timing,
            double lambda) {
        Tally b = tally(group, baseline);
        Tally s = tally(group, scripts);
        Tally o = tally(group, output);
        Tally x = tally(group, other);
        double tb = 0;
        double ta = 0;
        double audio = 0;
        for (Case c : group) {
            Decode[] d = timing.get(c);
            if (d != null) {
                tb += d[0].seconds();
                ta += d[1].seconds();
                audio += d[0].audioSec();
            }
        }
        System.out.printf(Locale.ROOT,
                "| %-9s | %-7s | %-9s | %3d | %5d | %7.1f%% | %12.1f%% | %12.1f%% | %12.1f%% | %8.2f | %8.2f | %6.2f |%n",
                corpus, split, voice, b.n, b.words, b.wer(), s.wer(), o.wer(), x.wer(), audio == 0 ? 0 : tb / audio,
                audio == 0 ? 0 : ta / audio, lambda);
    }

    private static double wer(Case c, Map<Case, Decode> d) {
        return 100 * WordErrorRate.count(c.reference(), d.get(c).hypothesis().replace('|', ' ')).rate();
    }

    /** {@code <s> words </s> (file-id)} lines of pocketsphinx-testdata's transcription. */
    static Map<String, String> readReferences(Path file) throws IOException {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^(?:<s>)?(.*?)(?:</s>)?\\s*\\(([^)]+)\\)\\s*$");
        Map<String, String> refs = new LinkedHashMap<>();
        for (String l : Files.readAllLines(file)) {
            java.util.regex.Matcher m = line.matcher(l.trim());
            if (m.matches()) {
                refs.put(m.group(2).trim(), m.group(1).trim());
            }
        }
        return refs;
    }

    private static boolean onPath(String binary) {
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }
}
