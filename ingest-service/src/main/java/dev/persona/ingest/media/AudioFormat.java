package dev.persona.ingest.media;

/** The audio containers accepted for recordings, recognised by their leading bytes (Ogg covers Vorbis and Opus). */
public enum AudioFormat {
    WAV("wav", "audio/wav"),
    MP3("mp3", "audio/mpeg"),
    OGG("ogg", "audio/ogg"),
    WEBM("webm", "audio/webm"),
    M4A("m4a", "audio/mp4"),
    AAC("aac", "audio/aac"),
    FLAC("flac", "audio/flac");

    private final String label;
    private final String contentType;

    AudioFormat(String label, String contentType) {
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
