package dev.persona.transcribe.bench.lm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The decoder's pronunciation dictionary (CMUdict, {@code cmudict-en-us.dict}) plus pronunciations for words it
 * lacks, from flite's letter-to-sound rules ({@code t2p} of Debian's {@code flite}) mapped onto the acoustic model's
 * 39 phones. Without {@code t2p} such words are simply not added.
 */
public final class Lexicon {
    public static final Path DEBIAN_DICT = Path.of("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");
    private static final Set<String> PHONES = Set.of("AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH",
            "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T",
            "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH");
    private static final Map<String, String> FLITE_TO_CMU = Map.of("ax", "AH", "axr", "ER", "dx", "D", "el", "AH L",
            "em", "AH M", "en", "AH N", "hv", "HH", "nx", "N", "pau", "");

    private final Path file;
    /** Base words of the dictionary (alternates "word(2)" fold into "word"). */
    private final Set<String> words;
    private final String t2p;
    private final Map<String, Optional<String>> guessed = new HashMap<>();

    private Lexicon(Path file, Set<String> words, String t2p) {
        this.file = file;
        this.words = words;
        this.t2p = t2p;
    }

    public static Lexicon load(Path dict, String t2pBinary) throws IOException {
        Set<String> words = new java.util.HashSet<>(200_000);
        for (String line : Files.readAllLines(dict, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            String w = line.substring(0, space);
            int paren = w.indexOf('(');
            words.add(paren > 0 ? w.substring(0, paren) : w);
        }
        return new Lexicon(dict, words, t2pBinary);
    }

    public Path file() {
        return file;
    }

    public boolean contains(String word) {
        return words.contains(word);
    }

    /** A pronunciation for a word the dictionary lacks, or empty when none can be made. */
    public synchronized Optional<String> guess(String word) {
        return guessed.computeIfAbsent(word, this::runT2p);
    }

    private Optional<String> runT2p(String word) {
        if (t2p == null || !word.matches("[a-z][a-z']*")) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(t2p, word).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return fromFlite(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** "pau k ax l eh1 ch iy pau" becomes "K AH L EH CH IY"; empty when a phone has no counterpart. */
    static Optional<String> fromFlite(String phones) {
        List<String> out = new ArrayList<>();
        for (String raw : phones.strip().split("\\s+")) {
            if (raw.isEmpty()) {
                continue;
            }
            String p = raw.replaceAll("\\d", "");
            String mapped = FLITE_TO_CMU.getOrDefault(p, p.toUpperCase(java.util.Locale.ROOT));
            for (String m : mapped.split(" ")) {
                if (m.isEmpty()) {
                    continue;
                }
                if (!PHONES.contains(m)) {
                    return Optional.empty();
                }
                out.add(m);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", out));
    }

    /** The dictionary with {@code extra} (word to phones) appended, for {@code -dict}. */
    public void writeWith(Map<String, String> extra, Path out) throws IOException {
        Files.copy(file, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND)) {
            for (Map.Entry<String, String> e : new LinkedHashMap<>(extra).entrySet()) {
                w.write(e.getKey() + " " + e.getValue() + "\n");
            }
        }
    }
}
