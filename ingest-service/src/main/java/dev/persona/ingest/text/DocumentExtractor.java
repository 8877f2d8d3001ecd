package dev.persona.ingest.text;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.hsmf.MAPIMessage;
import org.apache.poi.hsmf.exceptions.ChunkNotFoundException;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.jboss.logging.Logger;

/**
 * Pulls the text out of a document with the library made for its format: PDFBox (page by page), Apache POI (docx,
 * Outlook msg), Jakarta Mail (eml). Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class DocumentExtractor {
    private static final Logger LOG = Logger.getLogger(DocumentExtractor.class);
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SCRIPT_OR_STYLE = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>");
    /** Quoted replies in HTML mail live in blockquotes; they are someone else's words. */
    private static final Pattern BLOCKQUOTE = Pattern.compile("(?is)<blockquote[^>]*>.*?</blockquote>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<(br|/p|/div|/li|/h[1-6]|/tr)[^>]*>");

    public ExtractedText extract(byte[] bytes, DocumentFormat format) {
        try {
            return switch (format) {
                case PDF -> pdf(bytes);
                case DOCX -> docx(bytes);
                case EML -> eml(bytes);
                case MSG -> msg(bytes);
                case TXT, MD -> single(DocumentSniffer.decodeText(bytes)
                        .orElseThrow(() -> corrupt("The text file is not readable text.")), "plain-text");
            };
        } catch (ApiException e) {
            throw e;
        } catch (IOException | MessagingException | RuntimeException e) {
            LOG.debugf(e, "Could not extract a %s document", format.label());
            throw corrupt("The " + format.label() + " file could not be read: it is damaged or incomplete.");
        }
    }

    private static ExtractedText pdf(byte[] bytes) throws IOException {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            if (document.isEncrypted()) {
                throw corrupt("The PDF is encrypted; upload an unprotected copy.");
            }
            int pages = document.getNumberOfPages();
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            List<ExtractedText.Section> sections = new ArrayList<>(pages);
            for (int page = 1; page <= pages; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                sections.add(new ExtractedText.Section(page, stripper.getText(document)));
            }
            return new ExtractedText(sections, "pdfbox", pages);
        }
    }

    private static ExtractedText docx(byte[] bytes) throws IOException {
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(bytes));
                XWPFWordExtractor extractor = new XWPFWordExtractor(document)) {
            // Each docx paragraph is one line of the extractor's text; keep them apart as paragraphs.
            return single(extractor.getText().replaceAll("\\R", "\n\n"), "apache-poi");
        }
    }

    private static ExtractedText msg(byte[] bytes) throws IOException {
        try (MAPIMessage message = new MAPIMessage(new ByteArrayInputStream(bytes))) {
            String text;
            try {
                text = message.getTextBody();
            } catch (ChunkNotFoundException noText) {
                try {
                    text = htmlToText(message.getHtmlBody());
                } catch (ChunkNotFoundException noHtml) {
                    text = null;
                }
            }
            if (text == null) {
                throw new ApiException(415, ErrorCodes.UNSUPPORTED_FORMAT, "Unsupported format",
                        "This OLE2 file is not an Outlook message with a body (legacy .doc/.xls are not accepted).");
            }
            return single(text, "apache-poi");
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException(415, ErrorCodes.UNSUPPORTED_FORMAT, "Unsupported format",
                    "This OLE2 file is not an Outlook message (legacy .doc/.xls are not accepted).");
        }
    }

    private static ExtractedText eml(byte[] bytes) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        String text = bestText(message);
        if (text == null) {
            throw corrupt("The e-mail has no text body.");
        }
        return single(text, "jakarta-mail");
    }

    /** text/plain wins over text/html; attachments are not the author's message. */
    private static String bestText(Part part) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("text/html")) {
            return htmlToText(String.valueOf(part.getContent()));
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String html = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = bestText(child);
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

    static String htmlToText(String html) {
        if (html == null) {
            return null;
        }
        String text = SCRIPT_OR_STYLE.matcher(html).replaceAll(" ");
        text = BLOCKQUOTE.matcher(text).replaceAll("\n");
        text = BLOCK_END.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    private static ExtractedText single(String text, String engine) {
        return new ExtractedText(List.of(new ExtractedText.Section(null, text)), engine, null);
    }

    private static ApiException corrupt(String detail) {
        return new ApiException(422, ErrorCodes.CORRUPT_MEDIA, "Corrupt document", detail);
    }
}
