package dev.persona.ingest.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Shapes a stored transcript for the API: {@code segments: [{startSec, endSec, text}]} plus {@code page} when known. */
final class Transcripts {
    private Transcripts() {
    }

    static Map<String, Object> view(String idField, String sourceId, Document stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(idField, sourceId);
        out.put("language", stored.getString("language"));
        out.put("engine", stored.getString("engine"));
        List<Map<String, Object>> segments = new ArrayList<>();
        for (Document s : stored.getList("segments", Document.class, List.of())) {
            Map<String, Object> segment = new LinkedHashMap<>();
            segment.put("startSec", number(s.get("startSec")));
            segment.put("endSec", number(s.get("endSec")));
            if (s.get("page") != null) {
                segment.put("page", s.get("page"));
            }
            segment.put("text", s.getString("text"));
            segments.add(segment);
        }
        out.put("segments", segments);
        return out;
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }
}
