package dev.persona.media;

/**
 * The audio containers accepted for recordings, recognised by their leading bytes (Ogg covers Vorbis and Opus), each
 * with the one FFmpeg demuxer that may read it.
 */
public enum AudioFormat {
    WAV("wav", "audio/wav", "wav"),
    MP3("mp3", "audio/mpeg", "mp3"),
    OGG("ogg", "audio/ogg", "ogg"),
    WEBM("webm", "audio/webm", "matroska"),
    M4A("m4a", "audio/mp4", "mov"),
    AAC("aac", "audio/aac", "aac"),
    FLAC("flac", "audio/flac", "flac");

    private final String label;
    private final String contentType;
    private final String demuxer;

    AudioFormat(String label, String contentType, String demuxer) {
        this.label = label;
        this.contentType = contentType;
        this.demuxer = demuxer;
    }

    public String label() {
        return label;
    }

    public String contentType() {
        return contentType;
    }

    /** The FFmpeg demuxer forced for this format, so FFmpeg never probes the bytes for another one. */
    public String demuxer() {
        return demuxer;
    }
}
