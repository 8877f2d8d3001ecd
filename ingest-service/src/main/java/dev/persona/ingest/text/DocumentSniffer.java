package dev.persona.ingest.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises a document from its bytes: PDF and OOXML/OLE2 by their signatures, e-mail by its RFC 5322 header block,
 * anything else only if it really is text. The file name only tells Markdown from plain text, which parse alike.
 */
public final class DocumentSniffer {
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
            (byte) 0xE1};
    private static final Pattern HEADER = Pattern.compile("^[A-Za-z][A-Za-z0-9-]{0,40}:( .*)?$");
    private static final Pattern KEY_HEADER = Pattern.compile(
            "(?i)^(from|to|subject|date|message-id|mime-version|received|return-path|delivered-to):.*$");

    private DocumentSniffer() {
    }

    public static Optional<DocumentFormat> sniff(byte[] b, String fileName) {
        if (b == null || b.length == 0) {
            return Optional.empty();
        }
        if (startsWith(b, "%PDF-".getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(DocumentFormat.PDF);
        }
        if (startsWith(b, new byte[] {'P', 'K', 3, 4})) {
            return isWordprocessing(b) ? Optional.of(DocumentFormat.DOCX) : Optional.empty();
        }
        if (startsWith(b, OLE2)) {
            // Outlook .msg is OLE2; the extractor refuses other OLE2 files (.doc, .xls) as unsupported.
            return Optional.of(DocumentFormat.MSG);
        }
        Optional<String> text = decodeText(b);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (looksLikeMail(text.get())) {
            return Optional.of(DocumentFormat.EML);
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return Optional.of(name.endsWith(".md") || name.endsWith(".markdown") ? DocumentFormat.MD : DocumentFormat.TXT);
    }

    /** UTF-8 (with or without BOM), else Windows-1252 when the bytes are printable text; binary gives empty. */
    public static Optional<String> decodeText(byte[] b) {
        int sample = Math.min(b.length, 64 * 1024);
        for (int i = 0; i < sample; i++) {
            if (b[i] == 0) {
                return Optional.empty();
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            text = new String(b, java.nio.charset.Charset.forName("windows-1252"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        long control = text.chars().limit(sample)
                .filter(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' && c != '\f').count();
        return control * 100 > Math.min(text.length(), sample) ? Optional.empty() : Optional.of(text);
    }

    static boolean looksLikeMail(String text) {
        String[] lines = text.split("\\R", 60);
        int headers = 0;
        int keyHeaders = 0;
        for (String line : lines) {
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                continue; // folded header continuation
            }
            if (!HEADER.matcher(line).matches()) {
                return false;
            }
            headers++;
            if (KEY_HEADER.matcher(line).matches()) {
                keyHeaders++;
            }
        }
        return headers >= 2 && keyHeaders >= 2;
    }

    /**
     * Whether a zip has a {@code word/document.xml} entry, from the local file headers alone: reading entries with a
     * zip stream would inflate each one on the way (a bomb before the sought entry costs its whole size just to sniff).
     */
    private static boolean isWordprocessing(byte[] b) {
        byte[] local = {'P', 'K', 3, 4};
        byte[] name = "word/document.xml".getBytes(StandardCharsets.US_ASCII);
        for (int at = Bytes.indexOf(b, local, 0, b.length); at >= 0;
                at = Bytes.indexOf(b, local, at + local.length, b.length)) {
            int nameStart = at + 30;
            if (nameStart + name.length > b.length) {
                return false;
            }
            int nameLength = (b[at + 26] & 0xFF) | (b[at + 27] & 0xFF) << 8;
            if (nameLength == name.length && java.util.Arrays.equals(b, nameStart, nameStart + name.length, name, 0,
                    name.length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] b, byte[] magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
