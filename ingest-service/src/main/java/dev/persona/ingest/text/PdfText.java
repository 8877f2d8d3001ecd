package dev.persona.ingest.text;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * PDF text, one section per page, in a single pass over the page tree. (Asking PDFBox for page N alone walks the
 * tree from the start each time, so page-by-page extraction of a 20,000-page file was quadratic.) Pages,
 * characters, glyphs per page, inflated bytes and time are bounded while reading.
 */
final class PdfText {
    private PdfText() {
    }

    static ExtractedText extract(byte[] bytes, DocumentLimits limits, Deadline deadline) throws IOException {
        InflateBudget budget = new InflateBudget(limits.maxInflatedBytes(), deadline);
        PdfStreamBudget.checkXrefStreams(bytes, budget);
        try (PDDocument document = Loader.loadPDF(bytes)) {
            if (document.isEncrypted()) {
                throw DocumentProblems.corrupt("The PDF is encrypted; upload an unprotected copy.");
            }
            int pages = document.getNumberOfPages();
            if (pages > limits.maxPages()) {
                throw tooManyPages(limits);
            }
            PdfStreamBudget.check(document.getDocument(), budget, deadline);
            deadline.check();
            PageStripper stripper = new PageStripper(limits, deadline);
            stripper.setSortByPosition(true);
            stripper.writeText(document, stripper.sink);
            return new ExtractedText(stripper.sections, "pdfbox", pages);
        }
    }

    private static RuntimeException tooManyPages(DocumentLimits limits) {
        return DocumentProblems.tooLarge("pages", limits.maxPages(), "max-pages");
    }

    /** Collects each page's text as PDFBox finishes it, and checks the bounds as it goes. */
    private static final class PageStripper extends PDFTextStripper {
        private final DocumentLimits limits;
        private final Deadline deadline;
        private final StringWriter sink = new StringWriter();
        private final List<ExtractedText.Section> sections = new ArrayList<>();
        private long characters;
        private int glyphsOnPage;
        private int operators;

        PageStripper(DocumentLimits limits, Deadline deadline) {
            this.limits = limits;
            this.deadline = deadline;
        }

        @Override
        public void processPage(PDPage page) throws IOException {
            int number = getCurrentPageNo();
            // The page tree's /Count can lie; the pages actually walked are what counts.
            if (number > limits.maxPages()) {
                throw tooManyPages(limits);
            }
            deadline.check();
            refuseImageEncodedContent(page.getCOSObject().getDictionaryObject(COSName.CONTENTS));
            glyphsOnPage = 0;
            super.processPage(page);
            StringBuffer written = sink.getBuffer();
            String text = written.toString();
            written.setLength(0);
            characters += text.length();
            if (characters > limits.maxCharacters()) {
                throw DocumentProblems.tooLarge("characters of text", limits.maxCharacters(), "max-characters");
            }
            sections.add(new ExtractedText.Section(number, text));
        }

        @Override
        public void showForm(PDFormXObject form) throws IOException {
            if (PdfStreamBudget.hasImageCodec(form.getCOSObject())) {
                throw imageEncodedContent();
            }
            super.showForm(form);
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            if ((++operators & 0x3FF) == 0) {
                deadline.check();
            }
            super.processOperator(operator, operands);
        }

        @Override
        protected void processTextPosition(TextPosition text) {
            if (++glyphsOnPage > DocumentLimits.MAX_GLYPHS_PER_PAGE) {
                throw DocumentProblems.tooLarge("A page of the PDF places more than "
                        + DocumentLimits.MAX_GLYPHS_PER_PAGE + " characters; at most that many are read per page.");
            }
            super.processTextPosition(text);
        }

        /** Image codecs are not inflated into the budget, so content streams must not use them. */
        private static void refuseImageEncodedContent(COSBase contents) {
            if (contents instanceof COSStream stream && PdfStreamBudget.hasImageCodec(stream)) {
                throw imageEncodedContent();
            }
            if (contents instanceof COSArray array) {
                for (int i = 0; i < array.size(); i++) {
                    refuseImageEncodedContent(array.getObject(i) instanceof COSStream s ? s : null);
                }
            }
        }

        private static RuntimeException imageEncodedContent() {
            return DocumentProblems.corrupt("A page of the PDF is encoded as an image codec; it is damaged.");
        }
    }
}
