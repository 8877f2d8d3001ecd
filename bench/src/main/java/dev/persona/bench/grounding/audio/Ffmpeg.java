package dev.persona.bench.grounding.audio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Debian's ffmpeg: resamples what the engines produce, and encodes recordings into the other upload formats. */
final class Ffmpeg {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Ffmpeg() {
    }

    /** Any wav in, 16 kHz mono 16-bit PCM wav out, without metadata chunks. */
    static void toPcm16(Path in, Path out) {
        ExternalCommand.run(List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", in.toString(),
                "-map_metadata", "-1", "-fflags", "+bitexact", "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le",
                out.toString()), TIMEOUT);
    }

    static void encode(Path wav, String format, Path out) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i",
                wav.toString(), "-map_metadata", "-1"));
        command.addAll(switch (format) {
            case "mp3" -> List.of("-c:a", "libmp3lame", "-b:a", "64k");
            case "ogg" -> List.of("-c:a", "libvorbis", "-q:a", "4");
            case "flac" -> List.of("-c:a", "flac");
            default -> throw new IllegalArgumentException("No encoder for upload format " + format);
        });
        command.add(out.toString());
        ExternalCommand.run(command, TIMEOUT);
    }
}
