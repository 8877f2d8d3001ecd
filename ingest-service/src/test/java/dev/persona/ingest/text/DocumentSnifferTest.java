package dev.persona.ingest.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DocumentSnifferTest {

    private static Optional<DocumentFormat> sniff(String text, String name) {
        return DocumentSniffer.sniff(text.getBytes(StandardCharsets.UTF_8), name);
    }

    @Test
    void recognisesMailFromItsHeadersWhateverTheName() {
        String mail = "From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: hi\n\nBody";
        assertEquals(Optional.of(DocumentFormat.EML), sniff(mail, "notes.txt"));
    }

    @Test
    void plainTextAndMarkdown() {
        assertEquals(Optional.of(DocumentFormat.TXT), sniff("Just some words: with a colon.\n", "a.txt"));
        assertEquals(Optional.of(DocumentFormat.MD), sniff("# Title\n\nText", "notes.md"));
        assertEquals(Optional.of(DocumentFormat.TXT), sniff("Subject: only one header line\n\nno", "x.eml"));
    }

    @Test
    void pdfBySignatureAndBinaryIsRefused() {
        assertEquals(Optional.of(DocumentFormat.PDF), DocumentSniffer.sniff("%PDF-1.7\n...".getBytes(), "x.txt"));
        assertTrue(DocumentSniffer.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2}, "a.pdf").isEmpty());
        assertTrue(DocumentSniffer.sniff(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0}, "a.docx").isEmpty());
    }
}
