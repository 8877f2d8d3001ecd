package dev.persona.bench.grounding.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The figures side by side, one column per split, as plain text (also valid Markdown). */
public final class FiguresTable {
    private FiguresTable() {
    }

    public static String render(Map<String, Figures> columns) {
        Map<String, Function<Figures, String>> rows = new LinkedHashMap<>();
        rows.put("personas / answerable / near-miss / out-of-corpus questions",
                f -> f.personas() + " / " + f.answerable() + " / " + f.nearMisses() + " / " + f.outOfCorpus());
        rows.put("cited@1", f -> percent(f.cited1()));
        rows.put("cited@3", f -> percent(f.cited3()));
        rows.put("MRR", f -> decimal(f.mrr(), 3));
        rows.put("false refusal rate (answerable refused)", f -> percent(f.falseRefusal()));
        rows.put("false answer rate (unanswerable answered)", f -> percent(f.falseAnswer()));
        rows.put("  near misses", f -> percent(f.falseAnswerNearMiss()));
        rows.put("  out of corpus", f -> percent(f.falseAnswerOutOfCorpus()));
        rows.put("time hit@1 (right recording, overlapping seconds)",
                f -> percent(f.timeHit1()) + " of " + f.recordingQuestions());
        rows.put("time hit@3 (a citation at the right recording's seconds)",
                f -> percent(f.timeHit3()) + " of " + f.recordingQuestions());
        rows.put("cited@3, questions sharing no content word",
                f -> percent(f.cited3NoSharedWord()) + " of " + f.noSharedWordQuestions());
        rows.put("median answer length (sentences / words)",
                f -> decimal(f.medianAnswerSentences(), 1) + " / " + decimal(f.medianAnswerWords(), 0));
        rows.put("median recording citation span (s)", f -> decimal(f.medianRecordingCitationSec(), 1));
        rows.put("transcription WER", f -> percent(f.wer()) + " over " + f.recordings() + " recordings");
        rows.put("questions without a reply (errors)", f -> Integer.toString(f.errors()));

        List<String> header = new ArrayList<>(List.of("figure"));
        header.addAll(columns.keySet());
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        rows.forEach((label, value) -> {
            List<String> line = new ArrayList<>(List.of(label));
            columns.values().forEach(f -> line.add(value.apply(f)));
            lines.add(line);
        });
        return markdown(lines);
    }

    /** WER per voice, so a voice the recogniser cannot follow shows up on its own. */
    public static String werByVoice(List<TranscriptResult> transcripts) {
        Map<String, int[]> byVoice = new java.util.TreeMap<>();
        for (TranscriptResult t : transcripts) {
            int[] sums = byVoice.computeIfAbsent(t.voice(), v -> new int[3]);
            sums[0] += t.errors();
            sums[1] += t.referenceWords();
            sums[2]++;
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("voice", "recordings", "WER"));
        byVoice.forEach((voice, s) -> lines.add(List.of(voice, Integer.toString(s[2]), percent(Stats.share(s[0], s[1])))));
        return markdown(lines);
    }

    private static String markdown(List<List<String>> lines) {
        int columns = lines.get(0).size();
        int[] widths = new int[columns];
        for (List<String> line : lines) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            out.append('|');
            for (int i = 0; i < columns; i++) {
                String cell = lines.get(l).get(i);
                out.append(' ').append(i == 0 ? pad(cell, widths[i]) : padLeft(cell, widths[i])).append(" |");
            }
            out.append('\n');
            if (l == 0) {
                out.append('|');
                for (int i = 0; i < columns; i++) {
                    out.append(i == 0 ? "-".repeat(widths[i] + 2) : "-".repeat(widths[i] + 1) + ":").append('|');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String decimal(double value, int places) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + places + "f", value);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
