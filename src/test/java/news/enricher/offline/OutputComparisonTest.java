package news.enricher.offline;

import news.enricher.config.EnricherConfig;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutputComparisonTest {

    /** The demo compares the trend counts by their final values (TrendCounts), not record by record. */
    private static final EnricherConfig CONFIG = EnricherConfig.defaults().with(EnricherConfig.TRENDS_ENABLED, "false");
    private static final String AI = CONFIG.themeTopic("ai");
    private static final String DLQ = CONFIG.deadLetterTopic();
    private static final String UNKNOWN = CONFIG.unknownTickersTopic();

    @Test
    void findsNoDifferenceBetweenTwoRunsOfTheSamplesAtDifferentTimesAndInAnotherOrder() throws IOException {
        List<OutputRecord> first = offlineRun(Instant.parse("2026-12-03T10:00:00Z"));
        List<OutputRecord> keysReordered = reversedAcrossKeys(offlineRun(Instant.parse("2026-12-03T11:30:00Z")));

        assertThat(first).hasSizeGreaterThan(10).anyMatch(r -> r.topic().equals(DLQ))
                .anyMatch(r -> r.topic().equals(UNKNOWN));
        assertThat(OutputComparison.differences(first, keysReordered)).isEmpty();
    }

    @Test
    void namesTheRecordAndTheFieldThatDiffers() throws IOException {
        List<OutputRecord> expected = offlineRun(Instant.parse("2026-12-03T10:00:00Z"));
        List<OutputRecord> actual = new ArrayList<>(expected);
        int seed = indexOf(expected, CONFIG.themeTopic("ai-safety"));
        OutputRecord copy = expected.get(seed);
        actual.set(seed, new OutputRecord(copy.topic(), copy.key(), new String(copy.value(), StandardCharsets.UTF_8)
                .replace("\"Micron Technology Inc. Common Stock\"", "\"Micron\"").getBytes(StandardCharsets.UTF_8),
                copy.headers()));

        assertThat(OutputComparison.differences(expected, actual)).containsExactly(
                "differs: news.enriched.ai-safety key=leverage-in-the-ai-trade-is-even-scarier-than-the-debt-used-for-"
                        + "its-build-out: value at /tickers/4/name: expected \"Micron Technology Inc. Common Stock\", "
                        + "got \"Micron\"");
    }

    @Test
    void ignoresOnlyTheWallClockFieldsAndTheDeadLetterPositionHeaders() {
        OutputRecord copy = record(AI, "a", "{\"slug\":\"a\",\"enriched_at\":\"2026-12-03T10:00:00Z\"}");
        OutputRecord sighting = record(UNKNOWN, "QWGTZ", "{\"symbol\":\"QWGTZ\",\"seen_at\":\"2026-12-03T10:00:00Z\"}");
        OutputRecord dead = deadLetter("k", "{oops", "Unexpected end-of-input", "0", "4");

        assertThat(OutputComparison.differences(List.of(copy, sighting, dead), List.of(
                record(AI, "a", "{\"slug\":\"a\",\"enriched_at\":\"2026-12-03T10:00:07Z\"}"),
                record(UNKNOWN, "QWGTZ", "{\"symbol\":\"QWGTZ\",\"seen_at\":\"2026-12-03T10:00:07Z\"}"),
                deadLetter("k", "{oops", "Unexpected end-of-input", "3", "1")))).isEmpty();
        assertThat(OutputComparison.differences(List.of(copy), List.of(record(AI, "a", "{\"slug\":\"a\"}"))))
                .containsExactly("differs: news.enriched.ai key=a: value at /enriched_at: expected "
                        + "\"2026-12-03T10:00:00Z\", got no such field");
    }

    @Test
    void namesADeadLetterWhoseReasonDiffers() {
        assertThat(OutputComparison.differences(
                List.of(deadLetter("k", "{\"slug\":7}", "Field 'slug' must be a string but is number", "0", "1")),
                List.of(deadLetter("k", "{\"slug\":7}", "Field 'slug' must be a string", "0", "1"))))
                .containsExactly("differs: news.articles.dlq key=k: header __streams.errors.message: expected "
                        + "\"Field 'slug' must be a string but is number\", got \"Field 'slug' must be a string\"");
    }

    @Test
    void namesADeadLetterWhoseBytesDiffer() {
        assertThat(OutputComparison.differences(List.of(deadLetter("k", "{oops", "eof", "0", "1")),
                List.of(deadLetter("k", "{oopsie", "eof", "0", "1"))))
                .containsExactly("differs: news.articles.dlq key=k: value: expected 5 bytes \"{oops\", got 7 bytes "
                        + "\"{oopsie\"");
    }

    @Test
    void namesMissingAndUnexpectedRecordsAndCopiesOutOfOrder() {
        OutputRecord first = record(AI, "a", "{\"title\":\"first\"}");
        OutputRecord correction = record(AI, "a", "{\"title\":\"correction\"}");
        OutputRecord other = record(AI, "b", "{\"title\":\"other\"}");

        assertThat(OutputComparison.differences(List.of(first, correction, other),
                List.of(correction, first, record(CONFIG.themeTopic("ai-2"), "b", "{\"title\":\"other\"}"))))
                .containsExactly(
                        "differs: news.enriched.ai key=a (record 1 of 2 with this key): value at /title: expected "
                                + "\"first\", got \"correction\"",
                        "differs: news.enriched.ai key=a (record 2 of 2 with this key): value at /title: expected "
                                + "\"correction\", got \"first\"",
                        "missing: news.enriched.ai key=b",
                        "unexpected: news.enriched.ai-2 key=b");
    }

    private static List<OutputRecord> offlineRun(Instant at) throws IOException {
        byte[] samples;
        try (InputStream in = OutputComparisonTest.class.getResourceAsStream("/samples/articles.jsonl")) {
            samples = in.readAllBytes();
        }
        List<TickerRow> tickers = TickerCsv.read(Path.of("config", "tickers.csv"));
        List<OutputRecord> out = new ArrayList<>();
        try (OfflineEnricher offline = new OfflineEnricher(CONFIG, tickers, Clock.fixed(at, ZoneOffset.UTC))) {
            for (String line : new String(samples, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.addAll(offline.enrich(null, line.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    /** The records of each topic and key in their order, the groups in reverse order (as partitions may interleave). */
    private static List<OutputRecord> reversedAcrossKeys(List<OutputRecord> records) {
        Map<String, List<OutputRecord>> groups = new LinkedHashMap<>();
        records.forEach(r -> groups.computeIfAbsent(r.topic() + ' ' + r.key(), k -> new ArrayList<>()).add(r));
        List<List<OutputRecord>> reversed = new ArrayList<>(groups.values());
        Collections.reverse(reversed);
        return reversed.stream().flatMap(List::stream).toList();
    }

    private static int indexOf(List<OutputRecord> records, String topic) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).topic().equals(topic)) {
                return i;
            }
        }
        throw new AssertionError("No record on " + topic);
    }

    private static OutputRecord record(String topic, String key, String json) {
        return new OutputRecord(topic, key, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static OutputRecord deadLetter(String key, String raw, String reason, String partition, String offset) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("__streams.errors.exception", "org.apache.kafka.common.errors.SerializationException");
        headers.put("__streams.errors.message", reason);
        headers.put("__streams.errors.stacktrace", "at somewhere(" + partition + offset + ")");
        headers.put("__streams.errors.topic", CONFIG.rawTopic());
        headers.put("__streams.errors.partition", partition);
        headers.put("__streams.errors.offset", offset);
        return new OutputRecord(DLQ, key, raw.getBytes(StandardCharsets.UTF_8), headers);
    }
}
