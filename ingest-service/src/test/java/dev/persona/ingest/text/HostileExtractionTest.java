package dev.persona.ingest.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each input is built to make a naive reader quadratic, unbounded or stack-deep; each must be refused (or read)
 * within a couple of seconds with the bound it crossed.
 */
class HostileExtractionTest {
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private final DocumentExtractor extractor = new DocumentExtractor();
    private final TextCleaner cleaner = new TextCleaner();

    private ApiException refused(byte[] bytes, DocumentFormat format, DocumentLimits limits) {
        return assertTimeoutPreemptively(PROMPT, () -> assertThrows(ApiException.class,
                () -> extractor.extract(bytes, format, limits, Deadline.none())));
    }

    private static void prompt(Executable work) {
        assertTimeoutPreemptively(PROMPT, work);
    }

    @Test
    void twoHundredThousandThanksLinesCleanInLinearTimeAndOnlyTheSignatureGoes() {
        List<String>[] paragraphs = new List[1];
        prompt(() -> paragraphs[0] = cleaner.paragraphs(HostileDocuments.thanksLines(200_000)));
        assertEquals("I will bring the charts.", paragraphs[0].get(0));
        // The earliest sign-off followed by at most six short lines: the last seven "Thanks" go.
        assertEquals(200_000 - 7, paragraphs[0].get(1).split("\n").length);
    }

    @Test
    void aSignOffWordFollowedByAHugeRunOfSpacesIsNotBacktrackedOver() {
        String line = "Thanks" + " ".repeat(200_000) + "x";
        prompt(() -> assertEquals("Intro.\n\n" + line, cleaner.clean("Intro.\n\n" + line)));
    }

    @Test
    void aMillionUnclosedStyleTagsStripInOnePass() {
        String[] text = new String[1];
        prompt(() -> text[0] = HtmlText.toText(HostileDocuments.unclosedStyles(1_000_000)));
        assertEquals("Hello\n", text[0], "an unclosed <style> hides the rest, as in a browser");
    }

    @Test
    void htmlKeepsTextDropsQuotesScriptsAndCommentsAndDecodesEntities() {
        assertEquals("Yes &amp; no <b>\n\n\nafter\n", HtmlText.toText("<p>Yes &amp;amp; no &lt;b&gt;</p>"
                + "<blockquote>a<blockquote>b</blockquote>c</blockquote><script>x<y</script><!-- c -->after<br>"));
        assertEquals("a < b & c", HtmlText.toText("a < b & c"));
        assertEquals("caf\u00e9 \u2014", HtmlText.toText("caf&#233; &#x2014;"));
        assertEquals("x", HtmlText.toText("x<a href=\"never closed"));
    }

    @Test
    void aPdfWithMorePagesThanTheBoundIsRefusedNamingIt() throws Exception {
        byte[] pdf = HostileDocuments.pdfWithPages(21);
        ApiException e = refused(pdf, DocumentFormat.PDF, DocumentExtractorTest.LIMITS);
        assertEquals(413, e.status());
        assertEquals("payload-too-large", e.code());
        assertTrue(e.getMessage().contains("max-pages"), e.getMessage());
    }

    @Test
    void aPdfAtTheBoundIsReadInOnePassWithItsPageNumbers() throws Exception {
        ExtractedText text = extractor.extract(HostileDocuments.pdfWithPages(20), DocumentFormat.PDF,
                DocumentExtractorTest.LIMITS, Deadline.none());
        assertEquals(20, text.pages());
        assertEquals(20, text.sections().size());
        assertEquals(7, text.sections().get(6).page());
        assertEquals("Page 7 of my notes on boat building.", text.sections().get(6).text().strip());
    }

    @Test
    void pdfTextOverTheCharacterBoundIsRefused() throws Exception {
        DocumentLimits limits = new DocumentLimits(20, 100, 10, 500, 2000, 8L << 20);
        ApiException e = refused(HostileDocuments.pdfWithPages(5), DocumentFormat.PDF, limits);
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("max-characters"), e.getMessage());
    }

    @Test
    void aFlateBombedPageIsRefusedBeforePdfBoxInflatesIt() throws Exception {
        byte[] pdf = HostileDocuments.flateBombPdf(1024, false); // 1 GiB of content in about 1 MB
        ApiException e = refused(pdf, DocumentFormat.PDF, DocumentExtractorTest.LIMITS);
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("max-inflated-bytes"), e.getMessage());
    }

    @Test
    void aBombBehindTwoFlateFiltersIsRefusedToo() throws Exception {
        byte[] pdf = HostileDocuments.flateBombPdf(256, true);
        assertTrue(pdf.length < 20_000, "the double-deflated bomb is tiny: " + pdf.length);
        ApiException e = refused(pdf, DocumentFormat.PDF, DocumentExtractorTest.LIMITS);
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("max-inflated-bytes"), e.getMessage());
    }

    @Test
    void aDeeplyNestedMultipartMailIsRefusedAsTooComplex() {
        ApiException deep = refused(HostileDocuments.nestedMultipartMail(20_000), DocumentFormat.EML,
                DocumentExtractorTest.LIMITS);
        assertEquals(422, deep.status());
        assertEquals("too-complex", deep.code());
        // Few enough boundaries for the shape check, still deeper than the walk allows.
        ApiException eleven = refused(HostileDocuments.nestedMultipartMail(11), DocumentFormat.EML,
                DocumentExtractorTest.LIMITS);
        assertEquals("too-complex", eleven.code());
        assertTrue(eleven.getMessage().contains("max-mime-depth"), eleven.getMessage());
    }

    @Test
    void nestingWithinTheBoundIsRead() {
        ExtractedText text = extractor.extract(HostileDocuments.nestedMultipartMail(9), DocumentFormat.EML,
                DocumentExtractorTest.LIMITS, Deadline.none());
        assertEquals("I wrote this at the very bottom.", text.sections().get(0).text().strip());
    }

    @Test
    void aMailWithMorePartsThanTheBoundIsRefused() {
        ApiException e = refused(HostileDocuments.manyPartsMail(501), DocumentFormat.EML, DocumentExtractorTest.LIMITS);
        assertEquals("too-complex", e.code());
        assertTrue(e.getMessage().contains("max-mime-parts"), e.getMessage());
    }

    @Test
    void aDocxZipBombIsRefusedAndStillSniffedWithoutInflating() throws Exception {
        byte[] docx = HostileDocuments.docxBomb(64);
        prompt(() -> assertEquals(Optional.of(DocumentFormat.DOCX), DocumentSniffer.sniff(docx, "x.docx")));
        ApiException e = refused(docx, DocumentFormat.DOCX, DocumentExtractorTest.LIMITS);
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("max-inflated-bytes"), e.getMessage());
    }

    @Test
    void aTimedOutDeadlineStopsTheParserWith422ParseTimeout() throws Exception {
        Deadline spent = Deadline.after(Duration.ZERO);
        ApiException e = assertThrows(ApiException.class, () -> extractor.extract(HostileDocuments.pdfWithPages(3),
                DocumentFormat.PDF, DocumentExtractorTest.LIMITS, spent));
        assertEquals(422, e.status());
        assertEquals("parse-timeout", e.code());
    }

    @Test
    void plainTextOverTheCharacterBoundIsRefused() {
        DocumentLimits limits = new DocumentLimits(20, 1000, 10, 500, 2000, 8L << 20);
        ApiException e = refused("word ".repeat(201).getBytes(StandardCharsets.UTF_8), DocumentFormat.TXT, limits);
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("max-characters"), e.getMessage());
    }
}
