package dev.persona.chat.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.persona.chat.service.generation.UsedSentence;
import org.bson.Document;

/** Where a part of an answer comes from: seconds into a recording, or a page of a document. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Citation(String sourceId, String sourceName, String kind, Double startSec, Double endSec, Integer page,
        String text, double score) {

    /** The seconds (recordings) or page (documents) of the one sentence used, never of its whole chunk. */
    public static Citation of(UsedSentence used) {
        Chunk chunk = used.passage().chunk();
        Chunk.Sentence sentence = used.sentence();
        boolean recording = chunk.sourceKind() == dev.persona.common.events.SourceKind.recording;
        return new Citation(chunk.sourceId(), chunk.sourceName(), chunk.sourceKind().name(),
                recording ? sentence.startSec() : null, recording ? sentence.endSec() : null,
                recording ? null : sentence.page(), sentence.text(), Math.round(used.similarity() * 1000) / 1000.0);
    }

    public Document toDocument() {
        Document d = new Document("sourceId", sourceId).append("sourceName", sourceName).append("kind", kind)
                .append("text", text).append("score", score);
        if (startSec != null) {
            d.append("startSec", startSec);
        }
        if (endSec != null) {
            d.append("endSec", endSec);
        }
        if (page != null) {
            d.append("page", page);
        }
        return d;
    }

    public static Citation fromDocument(Document d) {
        return new Citation(d.getString("sourceId"), d.getString("sourceName"), d.getString("kind"),
                d.get("startSec") instanceof Number n ? n.doubleValue() : null,
                d.get("endSec") instanceof Number n ? n.doubleValue() : null,
                d.get("page") instanceof Number n ? n.intValue() : null, d.getString("text"),
                d.get("score") instanceof Number n ? n.doubleValue() : 0);
    }
}
