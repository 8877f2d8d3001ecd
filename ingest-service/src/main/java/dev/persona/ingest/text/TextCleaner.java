package dev.persona.ingest.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the author's own words and drops what others wrote or what a mail client added: quoted replies and
 * forwarded history, signatures and sign-offs, legal disclaimers, list footers and generic greetings. A persona
 * answers from what its person said, so a quoted colleague or a boilerplate disclaimer must not become "memory".
 */
public final class TextCleaner {
    private static final Pattern WROTE_LINE = Pattern.compile(
            "(?i)^\\s*(on|le|am|el)\\s.{3,250}\\s(wrote|a écrit|schrieb|escribió)\\s*:\\s*$");
    private static final Pattern WROTE_END = Pattern.compile("(?i)^.{0,200}\\s?(wrote|a écrit|schrieb|escribió)\\s*:\\s*$");
    private static final Pattern ON_START = Pattern.compile("(?i)^\\s*(on|le|am|el)\\s+\\S.*$");
    private static final Pattern HISTORY_MARKER = Pattern.compile(
            "(?i)^\\s*(-{2,}\\s*(original message|forwarded message|reply message)\\s*-{2,}|begin forwarded message\\s*:?)\\s*$");
    private static final Pattern RULE = Pattern.compile("^\\s*_{8,}\\s*$");
    private static final Pattern OUTLOOK_FROM = Pattern.compile("(?i)^\\s*\\*?from\\s*:\\*?\\s+\\S.*$");
    private static final Pattern OUTLOOK_NEXT = Pattern.compile("(?i)^\\s*\\*?(sent|date|to|subject)\\s*:\\*?\\s+\\S.*$");
    private static final Pattern SIGNATURE_DELIMITER = Pattern.compile("^(--|-- |—)\\s*$");
    private static final Pattern SENT_FROM = Pattern.compile(
            "(?i)^\\s*(sent from my\\s.*|sent from (outlook|mail|yahoo mail|gmail).*|get outlook for\\s.*|sent via\\s.*)$");
    private static final Pattern SIGN_OFF = Pattern.compile("(?i)^\\s*(best|best regards|kind regards|warm regards|"
            + "warmest regards|regards|many thanks|thanks|thanks again|thanks so much|thank you|thx|cheers|best wishes|"
            + "all the best|sincerely|yours sincerely|sincerely yours|yours truly|yours faithfully|yours|love|"
            + "take care|talk soon|speak soon|with thanks|respectfully)\\s*[,.!]?\\s*$");
    private static final Pattern GREETING = Pattern.compile("(?i)^\\s*(hi|hello|hey|dear|greetings|hiya|howdy|"
            + "good (morning|afternoon|evening)|to whom it may concern)\\b([^,!:.?\\n]{0,40})[,!:]\\s*(.*)$");
    private static final Pattern BARE_GREETING = Pattern.compile("(?i)^\\s*(hi|hello|hey|dear|hiya)\\b[^.!?,:]{0,40}$");
    private static final List<String> DISCLAIMER_MARKS = List.of("this email and any attachments",
            "this e-mail and any attachments", "this message and any attachments", "this email is confidential",
            "this e-mail is confidential", "this message is confidential", "intended solely for",
            "intended only for the use", "intended only for the person", "received this email in error",
            "received this e-mail in error", "received this message in error", "received this communication in error",
            "confidentiality notice", "disclaimer:", "please consider the environment before printing",
            "the information contained in this", "legally privileged");
    private static final List<String> FOOTER_MARKS = List.of("to unsubscribe", "click here to unsubscribe",
            "unsubscribe from this", "you received this message because you are subscribed",
            "view this email in your browser", "to stop receiving", "manage your subscription",
            "update your preferences");
    /** A sign-off only ends the author's text when little, short text follows it (a name, a title, a phone). */
    private static final int MAX_LINES_AFTER_SIGN_OFF = 6;
    private static final int MAX_SIGNATURE_LINE = 80;
    /** Longest line tried as a reply header, history marker or Outlook header line. */
    private static final int MAX_MARKER_LINE = 1000;
    /** First letters of "on", "le", "am", "el": the reply-header openers. */
    private static final String REPLY_START = "olae";

    /** The cleaned text: paragraphs separated by one blank line, or an empty string. */
    public String clean(String raw) {
        return String.join("\n\n", paragraphs(raw));
    }

    /** The cleaned text as paragraphs (blocks separated by blank lines in the source). */
    public List<String> paragraphs(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> lines = normalise(raw);
        lines = cutHistory(lines);
        lines.removeIf(TextCleaner::isQuoteOrClientLine);
        lines = cutSignature(lines);
        lines = cutSignOff(lines);
        dropGreeting(lines);
        List<String> paragraphs = new ArrayList<>();
        for (String paragraph : toParagraphs(lines)) {
            String lower = paragraph.toLowerCase(Locale.ROOT);
            if (DISCLAIMER_MARKS.stream().noneMatch(lower::contains) && FOOTER_MARKS.stream().noneMatch(lower::contains)) {
                paragraphs.add(paragraph);
            }
        }
        return paragraphs;
    }

    private static List<String> normalise(String raw) {
        List<String> lines = new ArrayList<>();
        for (String line : raw.replace('\u00A0', ' ').replace("\uFEFF", "").split("\\R", -1)) {
            lines.add(line.stripTrailing());
        }
        return lines;
    }

    /** Everything from a reply header ("On ... wrote:") or a forwarded/original-message marker on is someone else's. */
    private static List<String> cutHistory(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            // Headers and markers are short; the patterns below are only ever tried on short lines.
            if (line.length() > MAX_MARKER_LINE) {
                continue;
            }
            // Each pattern is tried only on lines starting with a character it can start with: most lines try none.
            char first = firstNonBlank(line);
            String next = i + 1 < lines.size() ? lines.get(i + 1) : null;
            if ((REPLY_START.indexOf(first) >= 0 && WROTE_LINE.matcher(line).matches() && looksLikeReplyHeader(line))
                    || (first == '-' || first == 'b') && HISTORY_MARKER.matcher(line).matches()) {
                return new ArrayList<>(lines.subList(0, i));
            }
            // Mail clients wrap long reply headers: "On Mon, 3 Jun 2024 at 10:00, Ann Lee\n<ann@x.org> wrote:".
            if (next != null && REPLY_START.indexOf(first) >= 0 && line.length() + next.length() < 300
                    && ON_START.matcher(line).matches() && WROTE_END.matcher(next).matches()
                    && looksLikeReplyHeader(line + " " + next)) {
                return new ArrayList<>(lines.subList(0, i));
            }
            if ((first == 'f' || first == '*') && OUTLOOK_FROM.matcher(line).matches() && isOutlookHeader(lines, i)) {
                return new ArrayList<>(lines.subList(0, i));
            }
            // Outlook puts a rule above its header block; a rule alone (forms, PDFs) is kept.
            if (first == '_' && next != null && next.length() <= MAX_MARKER_LINE && RULE.matcher(line).matches()
                    && OUTLOOK_FROM.matcher(next).matches() && isOutlookHeader(lines, i + 1)) {
                return new ArrayList<>(lines.subList(0, i));
            }
        }
        return new ArrayList<>(lines);
    }

    /** The first non-whitespace character, lower-cased (0 for a blank line). */
    private static char firstNonBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return Character.toLowerCase(line.charAt(i));
            }
        }
        return 0;
    }

    /**
     * Mail clients put a date or an address in the reply header ("On 3 Jun 2024, Bob &lt;bob@x.org&gt; wrote:");
     * prose such as "On that day my father wrote:" has neither and is kept.
     */
    private static boolean looksLikeReplyHeader(String line) {
        return line.chars().anyMatch(Character::isDigit) || line.contains("@") || line.contains("<");
    }

    private static boolean isOutlookHeader(List<String> lines, int from) {
        int seen = 0;
        for (int j = from + 1; j < Math.min(lines.size(), from + 5); j++) {
            if (lines.get(j).length() <= MAX_MARKER_LINE && OUTLOOK_NEXT.matcher(lines.get(j)).matches()) {
                seen++;
            }
        }
        return seen >= 2;
    }

    private static boolean isQuoteOrClientLine(String line) {
        char first = firstNonBlank(line);
        return first == '>' || (first == 's' || first == 'g') && SENT_FROM.matcher(line).matches();
    }

    private static List<String> cutSignature(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isEmpty() && (line.charAt(0) == '-' || line.charAt(0) == '\u2014')
                    && SIGNATURE_DELIMITER.matcher(line).matches()) {
                return new ArrayList<>(lines.subList(0, i));
            }
        }
        return lines;
    }

    /**
     * The earliest sign-off followed only by a short signature: at most {@link #MAX_LINES_AFTER_SIGN_OFF} non-blank
     * lines of at most {@link #MAX_SIGNATURE_LINE} characters. Any such sign-off lies within the last few non-blank
     * lines, so the scan runs backwards from the end and stops as soon as more text follows than a signature has.
     * (Scanning forwards and collecting the rest after every sign-off was quadratic: 200,000 "Thanks" lines.)
     */
    private static List<String> cutSignOff(List<String> lines) {
        int cut = -1;
        int after = 0;
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (isSignOff(line)) {
                cut = i;
            }
            if (!line.isBlank() && (++after > MAX_LINES_AFTER_SIGN_OFF || line.length() > MAX_SIGNATURE_LINE)) {
                break; // an earlier sign-off would have too much, or too long a line, after it
            }
        }
        return cut < 0 ? lines : new ArrayList<>(lines.subList(0, cut));
    }

    /** Length first: a sign-off is a short line, and the pattern's {@code \s*[,.!]?\s*} is quadratic on long ones. */
    private static boolean isSignOff(String line) {
        return line.length() <= MAX_SIGNATURE_LINE && SIGN_OFF.matcher(line).matches();
    }

    /** Generic openers carry nothing of the author: "Hi all," goes, "Hi all, the results are in" keeps its content. */
    private static void dropGreeting(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Matcher m = GREETING.matcher(line);
            if (m.matches()) {
                lines.set(i, m.group(4).strip());
            } else if (BARE_GREETING.matcher(line).matches() && line.strip().split("\\s+").length <= 4) {
                lines.set(i, "");
            }
            return;
        }
    }

    private static List<String> toParagraphs(List<String> lines) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                flush(current, paragraphs);
            } else {
                if (current.length() > 0) {
                    current.append('\n');
                }
                current.append(line.strip());
            }
        }
        flush(current, paragraphs);
        return paragraphs;
    }

    private static void flush(StringBuilder current, List<String> paragraphs) {
        if (current.length() > 0) {
            paragraphs.add(current.toString());
            current.setLength(0);
        }
    }
}
