package dev.persona.ingest.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** The attacker's documents, built in code (small on the wire, costly for a naive parser). */
public final class HostileDocuments {
    private HostileDocuments() {
    }

    public static String thanksLines(int lines) {
        return "I will bring the charts.\n\n" + "Thanks\n".repeat(lines);
    }

    public static String unclosedStyles(int tags) {
        return "<p>Hello</p>" + "<style>".repeat(tags);
    }

    /** An HTML-only mail whose body is {@code tags} unclosed style tags after a little text. */
    public static byte[] unclosedStyleMail(int tags) {
        return ("From: ann@example.org\r\nTo: bob@example.org\r\nSubject: styles\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\n\r\n" + "<style>".repeat(tags) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Multiparts nested {@code depth} deep with one text part at the bottom. */
    public static byte[] nestedMultipartMail(int depth) {
        StringBuilder mail = new StringBuilder(depth * 80);
        mail.append("From: ann@example.org\r\nTo: bob@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
        for (int level = 0; level < depth; level++) {
            mail.append("Content-Type: multipart/mixed; boundary=\"b").append(level).append("\"\r\n\r\n--b")
                    .append(level).append("\r\n");
        }
        mail.append("Content-Type: text/plain\r\n\r\nI wrote this at the very bottom.\r\n");
        for (int level = depth - 1; level >= 0; level--) {
            mail.append("--b").append(level).append("--\r\n");
        }
        return mail.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One multipart with {@code parts} small text parts. */
    public static byte[] manyPartsMail(int parts) {
        StringBuilder mail = new StringBuilder(parts * 40);
        mail.append("From: ann@example.org\r\nTo: bob@example.org\r\nSubject: parts\r\nMIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
        for (int i = 0; i < parts; i++) {
            mail.append("--p\r\nContent-Type: text/html\r\n\r\n<p>part ").append(i).append("</p>\r\n");
        }
        return mail.append("--p--\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] pdfWithPages(int pages) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 11);
                    content.newLineAtOffset(72, 700);
                    content.showText("Page " + i + " of my notes on boat building.");
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    /**
     * A one-page PDF whose content stream inflates to {@code mib} MiB of zeros (about 1 KB per MiB on the wire);
     * with {@code twice} the zlib data is deflated once more and the stream declares two Flate filters.
     */
    public static byte[] flateBombPdf(int mib, boolean twice) throws IOException {
        byte[] data = zlibOfZeros(mib);
        if (twice) {
            data = deflate(data);
        }
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            COSStream stream = document.getDocument().createCOSStream();
            try (OutputStream raw = stream.createRawOutputStream()) {
                raw.write(data);
            }
            if (twice) {
                COSArray filters = new COSArray();
                filters.add(COSName.FLATE_DECODE);
                filters.add(COSName.FLATE_DECODE);
                stream.setItem(COSName.FILTER, filters);
            } else {
                stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            }
            page.setContents(new PDStream(stream));
            document.save(out);
            return out.toByteArray();
        }
    }

    /**
     * zlib data of {@code mib} MiB of zeros without compressing them: after a full flush a deflater's output for
     * the same input is the same bytes, so one compressed MiB is repeated.
     */
    public static byte[] zlibOfZeros(int mib) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        ByteArrayOutputStream last = new ByteArrayOutputStream();
        try {
            deflater.setInput(new byte[1 << 20]);
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
                block.write(buffer, 0, n);
            } while (n == buffer.length);
            deflater.setInput(new byte[0]);
            deflater.finish();
            while (!deflater.finished()) {
                last.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(block.size() * mib + 16);
        out.write(0x78);
        out.write(0xDA);
        byte[] oneMib = block.toByteArray();
        for (int i = 0; i < mib; i++) {
            out.write(oneMib, 0, oneMib.length);
        }
        out.write(last.toByteArray(), 0, last.size());
        long adler = ((((long) mib << 20) % 65521) << 16) | 1; // Adler-32 of zeros: a = 1, b = length
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (adler >>> shift));
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** A docx whose extra entry inflates to {@code mib} MiB of zeros. */
    public static byte[] docxBomb(int mib) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
            zip.write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("word/media/padding.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < mib; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
