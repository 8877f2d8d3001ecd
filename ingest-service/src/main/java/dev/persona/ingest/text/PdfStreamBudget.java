package dev.persona.ingest.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

/**
 * PDFBox decodes a stream's filters (Flate, LZW, ...) wholly into memory, with no limit, whenever it reads the
 * stream; a Flate-bombed page of 1 MB is a gigabyte on the heap. Before any text is extracted every stream of the
 * document is decoded here once into a counter, against one {@link InflateBudget}, so the document is refused
 * before PDFBox inflates anything large. Image codecs (DCT, JPX, JBIG2, CCITT) are not decoded: text extraction
 * never renders images, and a page or form whose content claims such a codec is refused by {@link PdfText}.
 */
final class PdfStreamBudget {
    static final Set<String> IMAGE_CODECS = Set.of("DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode",
            "CCF");
    private static final byte[] XREF = "/XRef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM = "stream".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DICTIONARY = 64 * 1024;
    /** One per incremental update; real files have a handful. Each is inflated by PDFBox while it loads. */
    static final int MAX_XREF_STREAMS = 1000;

    private PdfStreamBudget() {
    }

    /**
     * Cross-reference streams are decoded while PDFBox loads the file, before {@link #check} can run; so their
     * (Flate) data is inflated into the budget straight from the bytes first.
     */
    static void checkXrefStreams(byte[] pdf, InflateBudget budget) {
        int seen = 0;
        for (int at = Bytes.indexOf(pdf, XREF, 0, pdf.length); at >= 0; at = Bytes.indexOf(pdf, XREF, at + XREF.length, pdf.length)) {
            if (++seen > MAX_XREF_STREAMS) {
                throw DocumentProblems.tooComplex("The PDF has more than " + MAX_XREF_STREAMS
                        + " cross-reference streams.");
            }
            // Searched only within a dictionary's reach, so many "/XRef" tokens cost one pass, not one pass each.
            int stream = Bytes.indexOf(pdf, STREAM, at, Math.min(pdf.length, at + MAX_DICTIONARY));
            if (stream >= 0) {
                inflateCounting(pdf, dataStart(pdf, stream + STREAM.length), budget);
            }
        }
    }

    /** Decodes every stream of the loaded document into the budget (what extraction could make PDFBox inflate). */
    static void check(COSDocument document, InflateBudget budget, Deadline deadline) {
        int objects = 0;
        for (Map.Entry<COSObjectKey, Long> entry : document.getXrefTable().entrySet()) {
            Long offset = entry.getValue();
            if (offset == null || offset <= 0) {
                continue; // objects inside object streams cannot be streams themselves
            }
            if ((++objects & 0xFF) == 0) {
                deadline.check();
            }
            COSObject object = document.getObjectFromPool(entry.getKey());
            if (object != null && object.getObject() instanceof COSStream stream) {
                decodeCounting(stream, budget);
            }
        }
    }

    static boolean hasImageCodec(COSStream stream) {
        return filterNames(stream).stream().anyMatch(name -> IMAGE_CODECS.contains(name.getName()));
    }

    private static void decodeCounting(COSStream stream, InflateBudget budget) {
        List<COSName> filters = filterNames(stream);
        if (filters.isEmpty()) {
            return; // raw data: no bigger than the file
        }
        try {
            InputStream input = stream.createRawInputStream();
            for (int i = 0; i < filters.size(); i++) {
                if (IMAGE_CODECS.contains(filters.get(i).getName())) {
                    return;
                }
                Filter filter = FilterFactory.INSTANCE.getFilter(filters.get(i));
                boolean last = i + 1 == filters.size() || IMAGE_CODECS.contains(filters.get(i + 1).getName());
                if (last) {
                    filter.decode(input, budget.discard(), stream, i);
                    return;
                }
                InflateBudget.Buffer stage = budget.buffer();
                filter.decode(input, stage, stream, i);
                input = stage.toInputStream();
            }
        } catch (IOException e) {
            // A stream PDFBox cannot decode either (unknown filter, damaged data): it fails on its own when used.
        }
    }

    private static List<COSName> filterNames(COSStream stream) {
        COSBase filters = stream.getFilters();
        List<COSName> names = new ArrayList<>();
        if (filters instanceof COSName name) {
            names.add(name);
        } else if (filters instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSName name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static void inflateCounting(byte[] pdf, int from, InflateBudget budget) {
        if (from >= pdf.length) {
            return;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(pdf, from, pdf.length - from);
            byte[] out = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(out);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return;
                }
                budget.add(n);
            }
        } catch (DataFormatException e) {
            // not zlib data (another filter) or damaged: PDFBox decides
        } finally {
            inflater.end();
        }
    }

    private static int dataStart(byte[] pdf, int afterKeyword) {
        int i = afterKeyword;
        if (i < pdf.length && pdf[i] == '\r') {
            i++;
        }
        if (i < pdf.length && pdf[i] == '\n') {
            i++;
        }
        return i;
    }
}
