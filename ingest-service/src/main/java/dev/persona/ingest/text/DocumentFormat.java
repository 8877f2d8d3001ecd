package dev.persona.ingest.text;

/** The document kinds accepted; the label is what records and events carry. */
public enum DocumentFormat {
    TXT("txt", "text/plain"),
    MD("md", "text/markdown"),
    EML("eml", "message/rfc822"),
    MSG("msg", "application/vnd.ms-outlook"),
    PDF("pdf", "application/pdf"),
    DOCX("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private final String label;
    private final String contentType;

    DocumentFormat(String label, String contentType) {
        this.label = label;
        this.contentType = contentType;
    }

    public String label() {
        return label;
    }

    public String contentType() {
        return contentType;
    }
}
