package dev.persona.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import dev.persona.common.memory.SpokenWord;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.ingest.domain.Recording;
import java.util.List;

/**
 * A stored transcript as the API shows it. The field names are a public contract: add fields, never rename one.
 * {@code startSec}/{@code endSec} are always present (null for documents); the rest only when known.
 */
public record TranscriptView(@JsonInclude(Include.NON_NULL) String recordingId,
        @JsonInclude(Include.NON_NULL) String documentId, String language, String engine,
        @JsonInclude(Include.NON_NULL) Double durationSec, List<SegmentView> segments) {

    public record SegmentView(Double startSec, Double endSec, @JsonInclude(Include.NON_NULL) Integer page,
            String text, @JsonInclude(Include.NON_NULL) String rawText,
            @JsonInclude(Include.NON_EMPTY) List<WordView> words) {

        static SegmentView of(TranscriptSegment s) {
            return new SegmentView(s.startSec(), s.endSec(), s.page(), s.text(), s.rawText(),
                    s.words().stream().map(WordView::of).toList());
        }
    }

    public record WordView(String text, double startSec, double endSec) {
        static WordView of(SpokenWord w) {
            return new WordView(w.text(), w.startSec(), w.endSec());
        }
    }

    /** The recording's own duration stands in when the transcript does not carry one (version-1 documents). */
    static TranscriptView ofRecording(Recording recording, Transcript t) {
        Double duration = t.durationSec() != null ? t.durationSec() : Double.valueOf(recording.durationSec);
        return new TranscriptView(recording.id, null, t.language(), t.engine(), duration, segments(t));
    }

    static TranscriptView ofDocument(String documentId, Transcript t) {
        return new TranscriptView(null, documentId, t.language(), t.engine(), null, segments(t));
    }

    private static List<SegmentView> segments(Transcript t) {
        return t.segments().stream().map(SegmentView::of).toList();
    }
}
