package dev.persona.ingest.text;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Pulls the text out of a document with the library made for its format: PDFBox, Apache POI (docx, Outlook msg),
 * Jakarta Mail (eml). Every reader is bounded by {@link DocumentLimits} and a {@link Deadline}; what crosses a bound
 * is 413 or 422 naming it, a damaged file is 422 corrupt-media, and a parser that runs out of stack or memory on a
 * crafted file is 422 too-complex, never a 500. Blocking: call it from a parse worker ({@link ParseWorkers}).
 */
@ApplicationScoped
public class DocumentExtractor {
    private static final Logger LOG = Logger.getLogger(DocumentExtractor.class);

    /** Sets Apache POI's JVM-wide zip limits to these bounds; call once at start. */
    public static void applyPoiLimits(DocumentLimits limits) {
        OfficeText.applyPoiLimits(limits);
    }

    public ExtractedText extract(byte[] bytes, DocumentFormat format, DocumentLimits limits, Deadline deadline) {
        try {
            return switch (format) {
                case PDF -> PdfText.extract(bytes, limits, deadline);
                case DOCX -> single(OfficeText.docx(bytes, limits, deadline), "apache-poi");
                case EML -> eml(bytes, limits, deadline);
                case MSG -> msg(bytes, limits, deadline);
                case TXT, MD -> plain(bytes, limits);
            };
        } catch (ApiException e) {
            throw e;
        } catch (StackOverflowError | OutOfMemoryError e) {
            LOG.infof("A %s document exhausted its parser: %s", format.label(), e);
            throw DocumentProblems.exhausted(e);
        } catch (IOException | MessagingException | RuntimeException e) {
            LOG.debugf(e, "Could not extract a %s document", format.label());
            throw DocumentProblems.corrupt("The " + format.label() + " file could not be read: it is damaged or incomplete.");
        }
    }

    private static ExtractedText eml(byte[] bytes, DocumentLimits limits, Deadline deadline)
            throws MessagingException, IOException {
        String text = MimeText.extract(bytes, limits, deadline);
        if (text == null) {
            throw DocumentProblems.corrupt("The e-mail has no text body.");
        }
        OfficeText.requireCharacters(text, limits);
        return single(new ExtractedText.Section(null, text), "jakarta-mail");
    }

    private static ExtractedText msg(byte[] bytes, DocumentLimits limits, Deadline deadline) {
        String text;
        try {
            text = OfficeText.msg(bytes, limits, deadline);
        } catch (IOException | IllegalArgumentException e) {
            throw notOutlook("This OLE2 file is not an Outlook message (legacy .doc/.xls are not accepted).");
        }
        if (text == null) {
            throw notOutlook("This OLE2 file is not an Outlook message with a body (legacy .doc/.xls are not accepted).");
        }
        return single(new ExtractedText.Section(null, text), "apache-poi");
    }

    private static ExtractedText plain(byte[] bytes, DocumentLimits limits) {
        String text = DocumentSniffer.decodeText(bytes)
                .orElseThrow(() -> DocumentProblems.corrupt("The text file is not readable text."));
        OfficeText.requireCharacters(text, limits);
        return single(new ExtractedText.Section(null, text), "plain-text");
    }

    private static ExtractedText single(ExtractedText.Section section, String engine) {
        return new ExtractedText(List.of(section), engine, null);
    }

    private static ApiException notOutlook(String detail) {
        return new ApiException(415, ErrorCodes.UNSUPPORTED_FORMAT, "Unsupported format", detail);
    }
}
