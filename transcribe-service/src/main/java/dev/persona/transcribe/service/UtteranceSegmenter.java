package dev.persona.transcribe.service;

import dev.persona.common.audio.SpeechRegion;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.transcribe.config.TranscribeConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a recording's words into sentence-sized utterances. Recognisers such as pocketsphinx give no punctuation, so
 * the borders come from the speech itself: a pause between two words longer than {@code pauseSec}, the border of a
 * voice-activity region, or end punctuation where the engine writes it (Whisper). Fluent speakers often leave only
 * a short breath between sentences, so an utterance longer than {@code targetSec} is also split at its longest inner
 * pause when that pause is at least {@code minSplitPauseSec} and both sides keep {@code minWords}; and one longer
 * than {@code maxSec} or {@code maxWords} is split at its longest pause whatever it is, so no segment is ever a
 * whole recording. Each utterance keeps the recogniser's raw text and words beside its restored text.
 */
public final class UtteranceSegmenter {

    public record Settings(double pauseSec, double targetSec, double minSplitPauseSec, int minWords, double maxSec,
            int maxWords) {
        public Settings {
            if (!(pauseSec > 0) || !(targetSec > 0) || !(minSplitPauseSec > 0) || minWords < 1 || !(maxSec >= targetSec)
                    || maxWords < 2) {
                throw new IllegalArgumentException("utterance settings must be positive, maxSec >= targetSec and"
                        + " maxWords >= 2");
            }
        }
    }

    /** Longer than a pause between turns of speech: what is said across it belongs to neither side. */
    static final double FRAGMENT_JOIN_MAX_GAP_SEC = 1.5;

    private final Settings settings;

    public UtteranceSegmenter(Settings settings) {
        this.settings = settings;
    }

    /** The segmenter {@code persona.transcribe.utterances.*} describes: recordings and questions cut alike. */
    public static UtteranceSegmenter of(TranscribeConfig.Utterances u) {
        return new UtteranceSegmenter(new Settings(seconds(u.pause()), seconds(u.targetLength()),
                seconds(u.minSplitPause()), u.minWords(), seconds(u.maxLength()), u.maxWords()));
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    public List<TranscriptSegment> segment(List<SpokenWord> words, List<SpeechRegion> regions, String language) {
        List<TranscriptSegment> out = new ArrayList<>();
        for (List<SpokenWord> utterance : utterances(words, regions)) {
            String raw = SpokenText.join(utterance);
            out.add(TranscriptSegment.spoken(utterance.get(0).startSec(),
                    utterance.get(utterance.size() - 1).endSec(), SpokenText.restore(raw, language), raw, utterance));
        }
        return out;
    }

    List<List<SpokenWord>> utterances(List<SpokenWord> words, List<SpeechRegion> regions) {
        List<List<SpokenWord>> rough = new ArrayList<>();
        List<SpokenWord> current = new ArrayList<>();
        int region = -1;
        for (SpokenWord word : words) {
            int wordRegion = regionOf(word, regions);
            if (!current.isEmpty() && isBorder(current.get(current.size() - 1), word, region != wordRegion)) {
                rough.add(current);
                current = new ArrayList<>();
            }
            current.add(word);
            region = wordRegion;
        }
        if (!current.isEmpty()) {
            rough.add(current);
        }
        List<List<SpokenWord>> bounded = new ArrayList<>();
        withFragmentsJoined(rough).forEach(u -> splitLong(u, bounded));
        return bounded;
    }

    /**
     * A run of fewer than {@code minWords} words between two pauses ("ah the", "will go") is no sentence: mostly a
     * recogniser's misheard breath or a trailing phrase. Standing alone it would become a segment that means nothing
     * and sits close to every question, so it joins the neighbour it is nearer to in time, unless a silence longer
     * than {@link #FRAGMENT_JOIN_MAX_GAP_SEC} parts them both. A sentence the engine punctuated stays as it is.
     */
    private List<List<SpokenWord>> withFragmentsJoined(List<List<SpokenWord>> rough) {
        List<List<SpokenWord>> out = new ArrayList<>();
        for (List<SpokenWord> u : rough) {
            out.add(new ArrayList<>(u));
        }
        for (int i = 0; i < out.size() && out.size() > 1; ) {
            List<SpokenWord> u = out.get(i);
            if (u.size() >= settings.minWords() || endsSentence(u)) {
                i++;
                continue;
            }
            // never glue words after a sentence the engine itself ended ("I'm home." + "are")
            double before = i > 0 && !endsSentence(out.get(i - 1)) ? gap(out.get(i - 1), u) : Double.POSITIVE_INFINITY;
            double after = i + 1 < out.size() ? gap(u, out.get(i + 1)) : Double.POSITIVE_INFINITY;
            if (Math.min(before, after) > FRAGMENT_JOIN_MAX_GAP_SEC) {
                i++;
            } else if (before <= after) {
                out.get(i - 1).addAll(out.remove(i));
            } else {
                u.addAll(out.remove(i + 1));
            }
        }
        return out;
    }

    private static boolean endsSentence(List<SpokenWord> utterance) {
        return SpokenText.endsSentence(utterance.get(utterance.size() - 1).text());
    }

    private static double gap(List<SpokenWord> first, List<SpokenWord> second) {
        return second.get(0).startSec() - first.get(first.size() - 1).endSec();
    }

    private boolean isBorder(SpokenWord previous, SpokenWord next, boolean newRegion) {
        return newRegion || next.startSec() - previous.endSec() >= settings.pauseSec()
                || SpokenText.endsSentence(previous.text());
    }

    private void splitLong(List<SpokenWord> utterance, List<List<SpokenWord>> out) {
        double length = utterance.get(utterance.size() - 1).endSec() - utterance.get(0).startSec();
        boolean overMax = length > settings.maxSec() || utterance.size() > settings.maxWords();
        if (utterance.size() >= 2 && (overMax || length > settings.targetSec())) {
            int cut = longestPause(utterance, overMax ? 1 : settings.minWords());
            double pause = cut < 0 ? 0 : utterance.get(cut).startSec() - utterance.get(cut - 1).endSec();
            if (cut > 0 && (overMax || pause >= settings.minSplitPauseSec())) {
                splitLong(utterance.subList(0, cut), out);
                splitLong(utterance.subList(cut, utterance.size()), out);
                return;
            }
        }
        out.add(List.copyOf(utterance));
    }

    /**
     * Index of the word after the longest pause that leaves at least {@code minWords} on each side, preferring the
     * middle on near-ties (a cut near one end would leave a fragment and an utterance still too long); -1 if the
     * utterance is too short to split so.
     */
    private static int longestPause(List<SpokenWord> words, int minWords) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = minWords; i <= words.size() - minWords; i++) {
            double gap = words.get(i).startSec() - words.get(i - 1).endSec();
            double balance = Math.min(i, words.size() - i) / (double) words.size();
            // Pauses decide; balance only breaks near-ties (0.05 s of pause weighs as much as the whole balance).
            double score = gap + 0.1 * balance;
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private static int regionOf(SpokenWord word, List<SpeechRegion> regions) {
        double middle = (word.startSec() + word.endSec()) / 2;
        for (int i = 0; i < regions.size(); i++) {
            if (middle < regions.get(i).endSec()) {
                return i;
            }
        }
        return regions.size() - 1;
    }
}
