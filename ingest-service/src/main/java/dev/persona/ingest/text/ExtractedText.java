package dev.persona.ingest.text;

import java.util.List;

/**
 * Raw text of a document in sections: one per page for PDFs ({@code page} from 1), one section without a page
 * otherwise.
 */
public record ExtractedText(List<Section> sections, String engine, Integer pages) {

    public record Section(Integer page, String text) {
    }
}
