package dev.persona.common.memory;

import dev.persona.common.events.SourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The one mapping between {@link Transcript} and its {@code transcripts} document, used by its writers
 * (transcribe-service, ingest-service), its readers (embed-service, ingest's transcript route) and test fixtures.
 * Decoding is lenient on numbers (any numeric BSON type) and ignores unknown fields, so a version-1 document
 * (segments without words or raw text) still reads.
 */
public final class TranscriptCodec {
    private TranscriptCodec() {
    }

    public static Document encode(Transcript t) {
        Document d = new Document("_id", t.id())
                .append("schemaVersion", Transcript.SCHEMA_VERSION)
                .append("ownerId", t.ownerId())
                .append("personaId", t.personaId())
                .append("sourceId", t.id())
                .append("sourceKind", t.sourceKind() == null ? null : t.sourceKind().name())
                .append("sourceName", t.sourceName())
                .append("language", t.language())
                .append("engine", t.engine());
        putIfPresent(d, "format", t.format());
        putIfPresent(d, "mediaRef", t.mediaRef());
        putIfPresent(d, "durationSec", t.durationSec());
        putIfPresent(d, "speechSec", t.speechSec());
        d.append("segments", t.segments().stream().map(TranscriptCodec::encode).toList());
        putIfPresent(d, "createdAt", t.createdAt() == null ? null : Date.from(t.createdAt()));
        return d;
    }

    public static Document encode(TranscriptSegment s) {
        Document d = new Document();
        putIfPresent(d, "startSec", s.startSec());
        putIfPresent(d, "endSec", s.endSec());
        putIfPresent(d, "page", s.page());
        d.append("text", s.text());
        putIfPresent(d, "rawText", s.rawText());
        if (!s.words().isEmpty()) {
            d.append("words", s.words().stream().map(w -> new Document("text", w.text())
                    .append("startSec", w.startSec()).append("endSec", w.endSec())).toList());
        }
        return d;
    }

    public static Transcript decode(Document d) {
        List<TranscriptSegment> segments = new ArrayList<>();
        if (d.get("segments") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Document s) {
                    segments.add(decodeSegment(s));
                }
            }
        }
        return new Transcript(string(d.get("_id")), string(d.get("ownerId")), string(d.get("personaId")),
                kind(d.get("sourceKind")), string(d.get("sourceName")), string(d.get("language")),
                string(d.get("engine")), string(d.get("format")), string(d.get("mediaRef")),
                number(d.get("durationSec")), number(d.get("speechSec")), segments,
                instant(d.get("createdAt")));
    }

    public static TranscriptSegment decodeSegment(Document s) {
        List<SpokenWord> words = new ArrayList<>();
        if (s.get("words") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Document w && w.get("text") instanceof String text && !text.isBlank()) {
                    Double start = number(w.get("startSec"));
                    Double end = number(w.get("endSec"));
                    if (start != null && end != null && start >= 0 && end >= start) {
                        words.add(new SpokenWord(text, start, end));
                    }
                }
            }
        }
        return new TranscriptSegment(number(s.get("startSec")), number(s.get("endSec")), integer(s.get("page")),
                s.get("text") instanceof String t ? t : null, s.get("rawText") instanceof String r ? r : null, words);
    }

    static void putIfPresent(Document d, String key, Object value) {
        if (value != null) {
            d.append(key, value);
        }
    }

    static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    static String string(Object value) {
        return value == null ? null : value.toString();
    }

    static SourceKind kind(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return SourceKind.valueOf(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }
}
