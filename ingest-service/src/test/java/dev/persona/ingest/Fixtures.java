package dev.persona.ingest;

import dev.persona.media.WavCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Test inputs made in code, so no fixture needs a tool at test time. */
final class Fixtures {
    static final String PDF_PAGE_1 = "I opened the workshop in 1998 with two lathes and a borrowed van.";
    static final String PDF_PAGE_2 = "My advice to apprentices is simple: measure twice and cut once.";
    static final String MAIL_OWN_WORDS = "I think we should leave at dawn, the wind is calmer then and the light on the water is beautiful.";

    private Fixtures() {
    }

    static byte[] pdf() throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : new String[] {PDF_PAGE_1, PDF_PAGE_2}) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    static String eml() {
        return """
                From: Ann Lee <ann@example.org>
                To: crew@example.org
                Subject: Re: boat trip
                Date: Mon, 3 Jun 2024 10:00:00 +0000
                Message-ID: <trip-1@example.org>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8

                Hi all,

                %s

                Best regards,
                Ann
                --
                Ann Lee | Harbour Office | +44 1234 567

                This email and any attachments are confidential and intended solely for the addressee.

                On Sun, 2 Jun 2024 at 18:00, Bob Marsh <bob@example.org> wrote:
                > Shall we go at noon? The forecast says it will be warm.
                """.formatted(MAIL_OWN_WORDS).replace("\n", "\r\n");
    }

    /** A tone at 8 kHz: decodable, not silent. */
    static byte[] toneWav(double seconds) {
        short[] samples = new short[(int) (seconds * 8000)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (6000 * Math.sin(2 * Math.PI * 330 * i / 8000.0));
        }
        return WavCodec.write(samples, 8000);
    }

    /** Digital silence with a whisper of noise, well below any speech level. */
    static byte[] silentWav(double seconds) {
        java.util.Random random = new java.util.Random(7);
        short[] samples = new short[(int) (seconds * 16000)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (random.nextInt(7) - 3);
        }
        return WavCodec.write(samples, 16000);
    }
}
