package dev.persona.ingest.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.poi.hsmf.MAPIMessage;
import org.apache.poi.hsmf.exceptions.ChunkNotFoundException;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.Entry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Word (docx) and Outlook (msg) text through Apache POI, with the container bounded before POI builds its model:
 * a docx zip is inflated once into an {@link InflateBudget} (POI would hold every inflated entry in memory) and its
 * entries counted; a msg's OLE2 directory tree is walked without recursion, counting entries and the nesting of
 * embedded messages.
 */
final class OfficeText {
    /** The OLE2 directory of a message attached inside a message (MS-OXMSG 2.2.2.1). */
    private static final String EMBEDDED_MESSAGE = "__substg1.0_3701000D";

    private OfficeText() {
    }

    /**
     * POI's own zip-bomb guards are JVM-wide statics; they are set to the same bounds, as a second line behind
     * {@link #checkZip}. (IOUtils.setByteArrayMaxOverride is left alone: it replaces POI's per-record maxima, so a
     * single value would loosen the small ones.)
     */
    static void applyPoiLimits(DocumentLimits limits) {
        ZipSecureFile.setMaxEntrySize(limits.maxInflatedBytes());
        ZipSecureFile.setMaxFileCount(limits.maxArchiveEntries());
        // Not setMaxTextSize: POI would refuse long text as an IllegalStateException, before our 413 names the bound.
    }

    static ExtractedText.Section docx(byte[] bytes, DocumentLimits limits, Deadline deadline) throws IOException {
        checkZip(bytes, limits, deadline);
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(bytes));
                XWPFWordExtractor extractor = new XWPFWordExtractor(document)) {
            checkDeclaredPages(document.getProperties(), limits);
            deadline.check();
            String text = extractor.getText();
            requireCharacters(text, limits);
            // Each docx paragraph is one line of the extractor's text; keep them apart as paragraphs.
            return new ExtractedText.Section(null, text.replaceAll("\\R", "\n\n"));
        }
    }

    /** Reads the zip the way POI does (local headers, streaming), counting entries and inflated bytes. */
    static void checkZip(byte[] bytes, DocumentLimits limits, Deadline deadline) throws IOException {
        InflateBudget budget = new InflateBudget(limits.maxInflatedBytes(), deadline);
        byte[] buffer = new byte[64 * 1024];
        int entries = 0;
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(bytes))) {
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > limits.maxArchiveEntries()) {
                    throw DocumentProblems.tooComplex("entries in its zip archive", limits.maxArchiveEntries(),
                            "max-archive-entries");
                }
                if (!zip.canReadEntryData(entry)) {
                    continue; // POI cannot read it either and fails on its own
                }
                for (int n; (n = zip.read(buffer)) > 0; ) {
                    budget.add(n);
                }
            }
        }
    }

    /** Word records the page count of its last layout in docProps/app.xml; it is only a claim, but an honest one is cheap to refuse. */
    private static void checkDeclaredPages(POIXMLProperties properties, DocumentLimits limits) {
        if (properties != null && properties.getExtendedProperties() != null
                && properties.getExtendedProperties().getPages() > limits.maxPages()) {
            throw DocumentProblems.tooLarge("pages", limits.maxPages(), "max-pages");
        }
    }

    static String msg(byte[] bytes, DocumentLimits limits, Deadline deadline) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(bytes))) {
            checkOle2Tree(fs.getRoot(), limits, deadline);
            MAPIMessage message = new MAPIMessage(fs);
            String text;
            try {
                text = message.getTextBody();
            } catch (ChunkNotFoundException noText) {
                try {
                    text = HtmlText.toText(message.getHtmlBody());
                } catch (ChunkNotFoundException noHtml) {
                    text = null;
                }
            }
            if (text != null) {
                requireCharacters(text, limits);
            }
            return text;
        }
    }

    /** Breadth-first (no recursion), so a deep tree is refused instead of overflowing the stack. */
    static void checkOle2Tree(DirectoryEntry root, DocumentLimits limits, Deadline deadline) {
        record Level(DirectoryEntry directory, int embedded) {
        }
        Deque<Level> pending = new ArrayDeque<>();
        pending.add(new Level(root, 0));
        int entries = 0;
        while (!pending.isEmpty()) {
            Level level = pending.poll();
            for (Iterator<Entry> it = level.directory().getEntries(); it.hasNext(); ) {
                Entry entry = it.next();
                if (++entries > limits.maxArchiveEntries()) {
                    throw DocumentProblems.tooComplex("entries in its OLE2 directory", limits.maxArchiveEntries(),
                            "max-archive-entries");
                }
                if ((entries & 0xFF) == 0) {
                    deadline.check();
                }
                if (entry instanceof DirectoryEntry directory) {
                    int embedded = level.embedded() + (EMBEDDED_MESSAGE.equalsIgnoreCase(entry.getName()) ? 1 : 0);
                    if (embedded > limits.maxMimeDepth()) {
                        throw DocumentProblems.tooComplex("levels of embedded messages", limits.maxMimeDepth(),
                                "max-mime-depth");
                    }
                    pending.add(new Level(directory, embedded));
                }
            }
        }
    }

    static void requireCharacters(String text, DocumentLimits limits) {
        if (text.length() > limits.maxCharacters()) {
            throw DocumentProblems.tooLarge("characters of text", limits.maxCharacters(), "max-characters");
        }
    }
}
