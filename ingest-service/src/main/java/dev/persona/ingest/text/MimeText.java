package dev.persona.ingest.text;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The author's text of an RFC 5322 message (text/plain preferred over text/html, attachments skipped) with its
 * MIME structure bounded. Jakarta Mail parses a multipart each time its content is asked for, by scanning the
 * whole part for its boundary; a message nested 20,000 levels deep is therefore scanned 20,000 times. So the
 * boundaries and part delimiters are counted in one pass over the bytes first, and the walk stops at
 * {@code max-mime-depth}.
 */
final class MimeText {
    private static final Pattern BOUNDARY = Pattern.compile(
            "(?i)boundary[ \\t]*=[ \\t]*(?:\"([^\"\\r\\n]{1,200})\"|([^\\s;\"]{1,200}))");

    private final DocumentLimits limits;
    private final Deadline deadline;
    private int partsSeen;

    private MimeText(DocumentLimits limits, Deadline deadline) {
        this.limits = limits;
        this.deadline = deadline;
    }

    /** The message's best text, or null if it has none. */
    static String extract(byte[] bytes, DocumentLimits limits, Deadline deadline)
            throws MessagingException, IOException {
        checkShape(bytes, limits);
        deadline.check();
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new SharedByteArrayInputStream(bytes)); // parts share the bytes instead of copying them
        return new MimeText(limits, deadline).bestText(message, 0);
    }

    /**
     * Refuses more multipart boundaries or part delimiters than {@code max-mime-parts} before Jakarta Mail
     * builds (and repeatedly re-scans) them. Linear: one regex pass with bounded repetition, one pass over lines.
     */
    static void checkShape(byte[] bytes, DocumentLimits limits) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1); // byte-for-char, never fails
        Set<String> boundaries = new HashSet<>();
        Matcher m = BOUNDARY.matcher(text);
        int declared = 0;
        while (m.find()) {
            if (++declared > limits.maxMimeParts()) {
                throw tooManyParts(limits);
            }
            boundaries.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        if (boundaries.isEmpty()) {
            return;
        }
        int delimiters = 0;
        int n = text.length();
        for (int start = 0; start < n; ) {
            int end = text.indexOf('\n', start);
            int lineEnd = end < 0 ? n : end;
            if (lineEnd - start > 2 && text.startsWith("--", start) && isDelimiter(text, start + 2, lineEnd, boundaries)
                    && ++delimiters > limits.maxMimeParts()) {
                throw tooManyParts(limits);
            }
            start = lineEnd + 1;
        }
    }

    private static boolean isDelimiter(String text, int from, int to, Set<String> boundaries) {
        if (to - from > 202) {
            return false; // longer than any boundary we collected (70 by RFC 2046, 200 here) plus "--"
        }
        String line = text.substring(from, to).stripTrailing();
        return boundaries.contains(line) || line.endsWith("--") && boundaries.contains(line.substring(0, line.length() - 2));
    }

    private static RuntimeException tooManyParts(DocumentLimits limits) {
        return DocumentProblems.tooComplex("MIME parts", limits.maxMimeParts(), "max-mime-parts");
    }

    /** text/plain wins over text/html; attachments are not the author's message. */
    private String bestText(Part part, int depth) throws MessagingException, IOException {
        if (depth > limits.maxMimeDepth()) {
            throw DocumentProblems.tooComplex("levels of nested MIME parts", limits.maxMimeDepth(), "max-mime-depth");
        }
        if (++partsSeen > limits.maxMimeParts()) {
            throw tooManyParts(limits);
        }
        deadline.check();
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("text/html")) {
            return HtmlText.toText(String.valueOf(part.getContent()));
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            String html = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = bestText(child, depth + 1);
                if (text != null && child.isMimeType("text/plain")) {
                    return text;
                }
                if (text != null && html == null) {
                    html = text;
                }
            }
            return html;
        }
        return null;
    }
}
