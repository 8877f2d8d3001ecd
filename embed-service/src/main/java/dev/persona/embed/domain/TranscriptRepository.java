package dev.persona.embed.domain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import dev.persona.common.events.SourceKind;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Reads transcripts that other services wrote. Read as plain documents and mapped leniently (any numeric type for
 * times and pages, unknown fields ignored) so a producer's harmless schema drift does not stop the pipeline.
 */
@ApplicationScoped
public class TranscriptRepository {
    public static final String COLLECTION = "transcripts";

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /** The transcript, or null when none with that id belongs to this owner and persona. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public Uni<Transcript> find(String transcriptId, String ownerId, String personaId) {
        return mongo.getDatabase(database).getCollection(COLLECTION)
                .find(and(eq("_id", transcriptId), eq("ownerId", ownerId), eq("personaId", personaId)))
                .collect().first()
                .map(doc -> doc == null ? null : toTranscript(doc));
    }

    static Transcript toTranscript(Document doc) {
        List<Segment> segments = new ArrayList<>();
        Object raw = doc.get("segments");
        if (raw instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Document s) {
                    segments.add(new Segment(number(s.get("startSec")), number(s.get("endSec")),
                            integer(s.get("page")), s.get("text") instanceof String t ? t : null));
                }
            }
        }
        return new Transcript(String.valueOf(doc.get("_id")), doc.getString("ownerId"), doc.getString("personaId"),
                string(doc.get("sourceId")), kind(doc.get("sourceKind")), string(doc.get("sourceName")),
                string(doc.get("language")), segments);
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Integer integer(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static SourceKind kind(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return SourceKind.valueOf(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
