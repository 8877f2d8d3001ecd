package dev.persona.ingest.admin;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the offsets method would move a stage's consumer group: to the first offset each partition of its input
 * topic still holds. Refused while the group has members (Kafka cannot move an active group, and the stage would
 * overwrite it with its next commit) and when retention already deleted events (the replay would silently miss the
 * sources they announced; the reemit method reads MongoDB and misses none).
 *
 * @param start per partition, the log start offset (the earliest event kept)
 * @param end   per partition, the end offset (the next event's offset)
 */
public record OffsetPlan(String group, String topic, Map<Integer, Long> start, Map<Integer, Long> end, int members) {

    public OffsetPlan {
        start = new TreeMap<>(start);
        end = new TreeMap<>(end);
    }

    /** Events the stage will consume again. */
    public long events() {
        long total = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            total += Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), 0L));
        }
        return total;
    }

    /** Events retention has deleted from the topic. */
    public long deleted() {
        return start.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Why the reset must not happen, if it must not. */
    public Optional<String> refusal() {
        if (members > 0) {
            return Optional.of("The consumer group '" + group + "' has " + members + " active member(s): stop the"
                    + " stage (scale it to 0) before resetting its offsets, or use the reemit method.");
        }
        if (deleted() > 0) {
            return Optional.of("Retention already deleted " + deleted() + " event(s) of '" + topic + "', so resetting"
                    + " the offsets would miss their sources; use the reemit method, which reads the store.");
        }
        return Optional.empty();
    }

    /** How far the group has come: events consumed again, counting each partition up to its planned end. */
    public long consumed(Map<Integer, Long> committed) {
        long total = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            long from = start.getOrDefault(e.getKey(), 0L);
            long at = committed.getOrDefault(e.getKey(), from);
            total += Math.max(0, Math.min(at, e.getValue()) - from);
        }
        return total;
    }
}
