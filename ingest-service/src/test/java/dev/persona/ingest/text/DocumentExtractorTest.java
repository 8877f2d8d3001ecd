package dev.persona.ingest.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.problem.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

class DocumentExtractorTest {
    /** The service's defaults, except a small inflate budget so bombs stay cheap to build. */
    static final DocumentLimits LIMITS = new DocumentLimits(20, 5_000_000, 10, 500, 2000, 8L << 20);
    private final DocumentExtractor extractor = new DocumentExtractor();
    private final TextCleaner cleaner = new TextCleaner();

    private ExtractedText extract(byte[] bytes, DocumentFormat format) {
        return extractor.extract(bytes, format, LIMITS, Deadline.none());
    }

    @Test
    void docxParagraphsBecomeParagraphsAndAreRecognisedFromBytes() throws Exception {
        byte[] docx;
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText("Dear Committee,");
            document.createParagraph().createRun().setText("We rebuilt the pier in the spring of 2004.");
            document.createParagraph().createRun().setText("It took eleven weeks and every volunteer in town.");
            document.createParagraph().createRun().setText("Yours sincerely,");
            document.createParagraph().createRun().setText("Joe");
            document.write(out);
            docx = out.toByteArray();
        }
        assertEquals(Optional.of(DocumentFormat.DOCX), DocumentSniffer.sniff(docx, "letter.bin"));
        ExtractedText text = extract(docx, DocumentFormat.DOCX);
        assertEquals("apache-poi", text.engine());
        assertEquals(java.util.List.of("We rebuilt the pier in the spring of 2004.",
                "It took eleven weeks and every volunteer in town."), cleaner.paragraphs(text.sections().get(0).text()));
    }

    @Test
    void htmlMailPrefersPlainTextAndDropsBlockquotes() {
        String multipart = """
                From: ann@example.org
                To: bob@example.org
                Subject: test
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b1"

                --b1
                Content-Type: text/html; charset=UTF-8

                <p>My answer is yes.</p><blockquote>Your question was long</blockquote>
                --b1--
                """.replace("\n", "\r\n");
        ExtractedText text = extract(multipart.getBytes(StandardCharsets.UTF_8), DocumentFormat.EML);
        String cleaned = cleaner.clean(text.sections().get(0).text());
        assertEquals("My answer is yes.", cleaned);
        assertFalse(cleaned.contains("question"));
    }

    @Test
    void brokenFilesAreCorruptMediaAndOtherOle2FilesAreUnsupported() {
        ApiException pdf = assertThrows(ApiException.class,
                () -> extract("%PDF-1.4 nothing else".getBytes(), DocumentFormat.PDF));
        assertEquals("corrupt-media", pdf.code());
        byte[] ole2 = new byte[1024];
        System.arraycopy(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1}, 0, ole2, 0, 8);
        ApiException msg = assertThrows(ApiException.class, () -> extract(ole2, DocumentFormat.MSG));
        assertTrue(msg.code().equals("unsupported-format") || msg.code().equals("corrupt-media"), msg.code());
    }
}
