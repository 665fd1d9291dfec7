package news.enricher.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what a live run published with what the offline run of the same input predicts, record by record: topic,
 * key, value and headers. Records of one topic and key must come in the predicted order (they share a partition);
 * across keys and topics order is free, since partitions interleave differently on every run.
 *
 * <p>What legitimately differs is left out: the wall-clock fields {@code enriched_at} and {@code seen_at} (each must
 * still be present where predicted), and the headers that say where a dead letter's input sits
 * ({@code __streams.errors.topic/partition/offset}: the offline run has one partition and its own offsets) and its
 * stack trace (another call path). A dead letter's key, bytes, exception and reason must match exactly.
 */
public final class OutputComparison {

    /** Top-level fields holding the time of enrichment. */
    static final Set<String> WALL_CLOCK_FIELDS = Set.of("enriched_at", "seen_at");
    /** Headers that depend on where and how the input was read, not on what it was. */
    static final Set<String> POSITION_HEADERS = Set.of("__streams.errors.topic", "__streams.errors.partition",
            "__streams.errors.offset", "__streams.errors.stacktrace");
    private static final int MAX_SHOWN_CHARS = 80;

    private OutputComparison() {
    }

    /** Every difference, one readable line each naming the record; empty when the runs agree. */
    public static List<String> differences(List<OutputRecord> expected, List<OutputRecord> actual) {
        Map<String, List<OutputRecord>> expectedByKey = byTopicAndKey(expected);
        Map<String, List<OutputRecord>> actualByKey = byTopicAndKey(actual);
        Set<String> keys = new LinkedHashSet<>(expectedByKey.keySet());
        keys.addAll(actualByKey.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            List<OutputRecord> e = expectedByKey.getOrDefault(key, List.of());
            List<OutputRecord> a = actualByKey.getOrDefault(key, List.of());
            for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
                String which = name(i < e.size() ? e.get(i) : a.get(i)) + recordNumber(i, Math.max(e.size(), a.size()));
                if (i >= a.size()) {
                    differences.add("missing: " + which);
                } else if (i >= e.size()) {
                    differences.add("unexpected: " + which);
                } else {
                    String difference = difference(e.get(i), a.get(i));
                    if (difference != null) {
                        differences.add("differs: " + which + ": " + difference);
                    }
                }
            }
        }
        return differences;
    }

    private static Map<String, List<OutputRecord>> byTopicAndKey(List<OutputRecord> records) {
        Map<String, List<OutputRecord>> grouped = new LinkedHashMap<>();
        for (OutputRecord r : records) {
            grouped.computeIfAbsent(r.topic() + '\u0000' + r.key(), k -> new ArrayList<>()).add(r);
        }
        return grouped;
    }

    private static String name(OutputRecord r) {
        return r.topic() + " key=" + r.key();
    }

    private static String recordNumber(int index, int of) {
        return of == 1 ? "" : " (record " + (index + 1) + " of " + of + " with this key)";
    }

    /** How one record differs from its prediction, or null. */
    static String difference(OutputRecord expected, OutputRecord actual) {
        String headers = headerDifference(expected.headers(), actual.headers());
        if (headers != null) {
            return headers;
        }
        JsonNode e = object(expected.value());
        JsonNode a = object(actual.value());
        if (e == null || a == null) {
            return Arrays.equals(expected.value(), actual.value()) ? null
                    : "value: expected " + bytes(expected.value()) + ", got " + bytes(actual.value());
        }
        for (String field : WALL_CLOCK_FIELDS) {
            if (e.has(field) && a.has(field)) {
                ((ObjectNode) e).remove(field);
                ((ObjectNode) a).remove(field);
            }
        }
        return firstDifference(e, a, "");
    }

    private static String headerDifference(Map<String, String> expected, Map<String, String> actual) {
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        names.removeAll(POSITION_HEADERS);
        for (String name : names) {
            if (!Objects.equals(expected.get(name), actual.get(name))) {
                return "header " + name + ": expected " + shown(expected.get(name)) + ", got "
                        + shown(actual.get(name));
            }
        }
        return null;
    }

    /** The first JSON pointer at which the values differ, with both values, or null when equal. */
    static String firstDifference(JsonNode expected, JsonNode actual, String path) {
        if (expected.equals(actual)) {
            return null;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> fields = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(fields::add);
            actual.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                String child = path + "/" + field.replace("~", "~0").replace("/", "~1");
                if (!expected.has(field) || !actual.has(field)) {
                    return "value at " + child + ": expected " + present(expected.get(field)) + ", got "
                            + present(actual.get(field));
                }
                String difference = firstDifference(expected.get(field), actual.get(field), child);
                if (difference != null) {
                    return difference;
                }
            }
        }
        if (expected.isArray() && actual.isArray()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() && a.hasNext(); i++) {
                String difference = firstDifference(e.next(), a.next(), path + "/" + i);
                if (difference != null) {
                    return difference;
                }
            }
            return "value at " + (path.isEmpty() ? "/" : path) + ": expected " + expected.size() + " elements, got "
                    + actual.size();
        }
        return "value at " + (path.isEmpty() ? "/" : path) + ": expected " + json(expected) + ", got " + json(actual);
    }

    private static String present(JsonNode node) {
        return node == null ? "no such field" : json(node);
    }

    /** The value as a JSON object, or null when it is not one (a dead letter's raw bytes, say). */
    private static JsonNode object(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String bytes(byte[] value) {
        return value == null ? "null" : value.length + " bytes " + shown(new String(value, StandardCharsets.UTF_8));
    }

    private static String shown(String text) {
        return text == null ? "none" : capped('"' + text + '"');
    }

    private static String json(JsonNode node) {
        return capped(node.toString());
    }

    private static String capped(String text) {
        return text.length() <= MAX_SHOWN_CHARS ? text : text.substring(0, MAX_SHOWN_CHARS) + "…";
    }
}
