package dev.persona.embed.service;

import dev.persona.common.events.SourceKind;
import dev.persona.common.text.Languages;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Makes transcript text fit for chunking without rewording it. Every source gets unicode and whitespace
 * normalised. Speech additionally loses recogniser markers ({@code [noise]}, {@code <unk>}, {@code (laughs)}),
 * and, when it is English (or of unknown language), hesitation fillers and immediate word repetitions
 * ("I I think" becomes "I think"). Those two rules are English-only because the same tokens are real words
 * elsewhere (Portuguese "um", French "nous nous").
 */
public final class TextCleaner {
    private static final Pattern MARKERS = Pattern.compile(
            "\\[[^\\[\\]]{0,40}]"                      // [noise], [BLANK_AUDIO], [Music]
                    + "|<[^<>\\s]{1,20}>"                   // <unk>, <sil>, <s>
                    + "|\\+\\+[^+\\s]{1,20}\\+\\+"          // ++NOISE++ (Sphinx)
                    + "|\\*(?i:laughs?|laughing|sighs?|coughs?|clears throat)\\*"
                    + "|\\((?i:laughs?|laughing|laughter|music|applause|noise|background noise|silence|inaudible"
                    + "|unintelligible|crosstalk|coughs?|coughing|sighs?|clears throat)\\)"
                    + "|[\\u266A\\u266B\\u266C]");         // music notes
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t]*\\n\\s*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Recognisers write the pronoun in lower case ("then i said"); only its casing changes. */
    private static final Pattern LOWER_I = Pattern.compile("\\bi\\b('(?:m|ve|ll|d))?");
    private static final int HEADING_MAX_WORDS = 8;

    private final Set<String> fillers;
    private final Set<String> keepRepeated;

    public TextCleaner(Set<String> fillers, Set<String> keepRepeated) {
        this.fillers = lower(fillers);
        this.keepRepeated = lower(keepRepeated);
    }

    /** Documents keep paragraph breaks as a blank line ({@code "\n\n"}); everything else is single-spaced. */
    public String clean(String raw, SourceKind kind, String language) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String text = normaliseUnicode(raw);
        if (kind == SourceKind.document) {
            return PARAGRAPH_BREAK.splitAsStream(separateHeadings(text))
                    .map(TextCleaner::collapse)
                    .filter(p -> !p.isEmpty())
                    .collect(Collectors.joining("\n\n"));
        }
        text = collapse(MARKERS.matcher(collapse(text)).replaceAll(" "));
        if (Languages.isEnglishOrUnknown(language)) {
            text = LOWER_I.matcher(dropFillersAndRepeats(text)).replaceAll("I$1");
        }
        return text;
    }

    /**
     * A title or heading line ("Why I still play the violin") has no end punctuation, so without a break it would
     * run into the next sentence. A short unpunctuated line followed by a clearly longer one starting a new
     * sentence becomes its own paragraph; lines wrapped in mid-sentence are near full width and stay joined.
     */
    static String separateHeadings(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < lines.length; i++) {
            out.append(lines[i]);
            if (i == lines.length - 1) {
                break;
            }
            String line = lines[i].strip();
            String next = lines[i + 1].strip();
            boolean heading = !line.isEmpty() && !next.isEmpty()
                    && WHITESPACE.split(line).length <= HEADING_MAX_WORDS
                    && ".!?:;,\"'\u201D)".indexOf(line.charAt(line.length() - 1)) < 0
                    && Character.isUpperCase(next.codePointAt(0))
                    && line.length() < next.length() * 0.7;
            out.append(heading ? "\n\n" : "\n");
        }
        return out.toString();
    }

    /** Whether anything a person could have said or written is left (letters or digits). */
    public static boolean hasUsableText(String cleaned) {
        return cleaned != null && cleaned.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private static String normaliseUnicode(String raw) {
        String nfc = Normalizer.normalize(raw.replace("\r\n", "\n"), Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        nfc.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\r' || cp == 0x2028) {
                out.append('\n');
            } else if (cp == 0x2029) {
                out.append("\n\n");
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.append(' '); // tabs, no-break and other unicode spaces
            } else if (cp >= 0xFB00 && cp <= 0xFB06) {
                out.append(Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC)); // ﬁ -> fi
            } else if (Character.getType(cp) == Character.FORMAT && cp != 0x200C && cp != 0x200D) {
                // zero-width space, soft hyphen, BOM: invisible, but they split words for the tokenizer
            } else if (Character.getType(cp) == Character.CONTROL) {
                // stray control characters from extraction
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").trim();
    }

    private String dropFillersAndRepeats(String text) {
        if (text.isEmpty()) {
            return text;
        }
        List<String> kept = new ArrayList<>();
        boolean capitaliseNext = false;
        for (String token : text.split(" ")) {
            String core = core(token);
            boolean atSentenceStart = kept.isEmpty() || endsSentence(kept.get(kept.size() - 1));
            if (!core.isEmpty() && fillers.contains(core.toLowerCase(Locale.ROOT))) {
                moveSentenceEnd(token, kept);
                capitaliseNext = atSentenceStart && Character.isUpperCase(token.codePointAt(firstLetter(token)));
                continue;
            }
            if (capitaliseNext && atSentenceStart) {
                token = capitalise(token);
            }
            capitaliseNext = false;
            if (!kept.isEmpty() && isRepeat(kept.get(kept.size() - 1), core)) {
                String previous = kept.remove(kept.size() - 1);
                if (Character.isUpperCase(previous.codePointAt(0))) {
                    token = capitalise(token);
                }
            }
            kept.add(token);
        }
        return String.join(" ", kept);
    }

    /** "I was there, um." keeps its full stop on "there": a dropped filler must not swallow a sentence end. */
    private static void moveSentenceEnd(String filler, List<String> kept) {
        int end = filler.length();
        while (end > 0 && !Character.isLetterOrDigit(filler.charAt(end - 1))) {
            end--;
        }
        String trailing = filler.substring(end);
        char terminal = 0;
        for (char c : trailing.toCharArray()) {
            if (c == '.' || c == '?' || c == '!') {
                terminal = c;
                break;
            }
        }
        if (terminal == 0 || kept.isEmpty()) {
            return;
        }
        String previous = kept.remove(kept.size() - 1);
        if (!endsSentence(previous)) {
            previous = previous.replaceAll("[,;:\\-–—]+$", "") + terminal;
        }
        kept.add(previous);
    }

    /** A word repeated with nothing between ("I I", "the the"), excluding numbers and grammatical repeats. */
    private boolean isRepeat(String previous, String core) {
        String prevCore = core(previous);
        // Punctuation after the first word ("No, no.") marks a deliberate repeat, not a stumble.
        if (core.isEmpty() || prevCore.isEmpty() || !previous.endsWith(prevCore)) {
            return false;
        }
        return prevCore.equalsIgnoreCase(core) && core.chars().noneMatch(Character::isDigit)
                && !keepRepeated.contains(core.toLowerCase(Locale.ROOT));
    }

    /** The word without surrounding punctuation; inner apostrophes and hyphens stay ("don't", "well-known"). */
    static String core(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && !Character.isLetterOrDigit(token.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(token.charAt(end - 1))) {
            end--;
        }
        return token.substring(start, end);
    }

    private static boolean endsSentence(String token) {
        String trimmed = token.replaceAll("[\"'”’)\\]]+$", "");
        return trimmed.endsWith(".") || trimmed.endsWith("?") || trimmed.endsWith("!");
    }

    private static int firstLetter(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    private static String capitalise(String token) {
        int i = firstLetter(token);
        if (i >= token.length() || !Character.isLetter(token.charAt(i))) {
            return token;
        }
        return token.substring(0, i) + Character.toUpperCase(token.charAt(i)) + token.substring(i + 1);
    }

    private static Set<String> lower(Set<String> words) {
        return words.stream().map(w -> w.trim().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
