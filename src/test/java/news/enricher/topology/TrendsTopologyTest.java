package news.enricher.topology;

import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.reference.TickerRow;
import news.enricher.testkit.Articles;
import news.enricher.testkit.SchemaCheck;
import news.enricher.trends.TrendRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counting rule of the trends, through the whole topology: the counts equal what the latest published version of
 * each article adds, in the windows that are still open.
 */
class TrendsTopologyTest {

    private static final String H13 = "2026-06-23T13:00:00Z";
    private static final String H14 = "2026-06-23T14:00:00Z";

    @TempDir
    Path stateDir;
    private TopologyFixture f;
    private TestOutputTopic<String, byte[]> trends;

    @BeforeEach
    void start() {
        f = new TopologyFixture(EnricherConfig.defaults(), stateDir);
        f.reference(List.of(
                new TickerRow("MU", "Micron Technology", "NASDAQ", null, null, null, TickerRow.EQUITY),
                new TickerRow("NVDA", "NVIDIA Corporation", "NASDAQ", null, null, null, TickerRow.EQUITY),
                new TickerRow("AMD", "Advanced Micro Devices", "NASDAQ", null, null, null, TickerRow.EQUITY)));
        trends = f.driver.createOutputTopic(f.config.trendsTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void countsEachTickerOfAnArticleInEachOfItsThemesInItsWindow() {
        publish(article("a1", "2026-06-23T13:40:00Z", null, List.of("AI Chips", "Semiconductors"), "MU", "MU", "NVDA"));

        Map<String, TrendRecord> changes = changes();
        assertThat(changes).containsOnlyKeys("ai-chips|MU|" + H13, "ai-chips|NVDA|" + H13,
                "semiconductors|MU|" + H13, "semiconductors|NVDA|" + H13);
        assertThat(changes.get("ai-chips|MU|" + H13)).isEqualTo(new TrendRecord("ai-chips", "MU", "equity", true,
                H13, H14, 1, 2, "a1", TopologyFixture.NOW.toString()));
        assertThat(changes.get("semiconductors|NVDA|" + H13).mentions()).isEqualTo(1);
    }

    @Test
    void addsUpTheArticlesOfAWindowAndNamesTheLastOne() {
        publish(article("a1", "2026-06-23T13:10:00Z", null, List.of("AI Chips"), "MU", "MU"));
        publish(article("a2", "2026-06-23T13:50:00Z", null, List.of("AI Chips"), "MU"));

        Map<String, TrendRecord> changes = changes();
        assertThat(changes).containsOnlyKeys("ai-chips|MU|" + H13);
        assertThat(changes.get("ai-chips|MU|" + H13))
                .extracting(TrendRecord::articles, TrendRecord::mentions, TrendRecord::lastArticleId)
                .containsExactly(2L, 3L, "a2");
    }

    @Test
    void aRecrawlOrAStaleVersionChangesNothing() {
        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T15:00:00Z", List.of("AI Chips"), "MU"));
        changes();

        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T15:00:00Z", List.of("AI Chips"), "MU"));
        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T14:00:00Z", List.of("AI Chips"), "NVDA"));

        assertThat(changes()).isEmpty();
        assertThat(f.events).containsSubsequence("recrawl", "stale");
    }

    @Test
    void aCorrectionCountsTheTickerItAddsAndTakesBackTheOneItRemoves() {
        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T15:00:00Z", List.of("AI Chips"), "MU", "NVDA"));
        publish(article("a2", "2026-06-23T13:20:00Z", null, List.of("AI Chips"), "NVDA"));
        changes();

        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T16:00:00Z", List.of("AI Chips"), "MU", "AMD"));

        Map<String, TrendRecord> changes = changes();
        assertThat(changes).containsOnlyKeys("ai-chips|AMD|" + H13, "ai-chips|NVDA|" + H13);
        assertThat(changes.get("ai-chips|AMD|" + H13).articles()).isEqualTo(1);
        assertThat(changes.get("ai-chips|NVDA|" + H13))
                .extracting(TrendRecord::articles, TrendRecord::mentions).containsExactly(1L, 1L);
    }

    @Test
    void aTickerNoArticleMentionsAnyMoreIsDeletedFromTheCompactedTopic() {
        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T15:00:00Z", List.of("AI Chips"), "MU", "NVDA"));
        changes();

        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T16:00:00Z", List.of("AI Chips"), "MU"));

        Map<String, TrendRecord> changes = changes();
        assertThat(changes).containsOnlyKeys("ai-chips|NVDA|" + H13);
        assertThat(changes.get("ai-chips|NVDA|" + H13)).isNull();
    }

    @Test
    void aCorrectionThatChangesTheThemesOrThePublicationTimeMovesItsCounts() {
        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T15:00:00Z", List.of("AI Chips"), "MU"));
        changes();

        publish(article("a1", "2026-06-23T13:10:00Z", "2026-06-23T16:00:00Z", List.of("Memory"), "MU"));
        Map<String, TrendRecord> moved = changes();
        assertThat(moved).containsOnlyKeys("ai-chips|MU|" + H13, "memory|MU|" + H13);
        assertThat(moved.get("ai-chips|MU|" + H13)).isNull();
        assertThat(moved.get("memory|MU|" + H13).articles()).isEqualTo(1);

        publish(article("a1", "2026-06-23T14:05:00Z", "2026-06-23T17:00:00Z", List.of("Memory"), "MU"));
        Map<String, TrendRecord> later = changes();
        assertThat(later).containsOnlyKeys("memory|MU|" + H13, "memory|MU|" + H14);
        assertThat(later.get("memory|MU|" + H13)).isNull();
        assertThat(later.get("memory|MU|" + H14).windowStart()).isEqualTo(H14);
    }

    @Test
    void countsUnknownTickersAsNotKnown() {
        publish(article("a1", "2026-06-23T13:10:00Z", null, List.of("AI Chips"), "ZZZQ"));

        Map<String, TrendRecord> changes = changes();
        assertThat(changes).containsOnlyKeys("ai-chips|ZZZQ|" + H13);
        assertThat(changes.get("ai-chips|ZZZQ|" + H13))
                .extracting(TrendRecord::known, TrendRecord::assetClass, TrendRecord::articles)
                .containsExactly(false, "equity", 1L);
    }

    @Test
    void aVersionLaterThanTheGraceIsEnrichedButNotCounted() {
        publish(article("a1", "2026-06-23T13:10:00Z", null, List.of("AI Chips"), "MU"));
        publish(article("a2", "2026-06-23T14:15:00Z", null, List.of("AI Chips"), "MU"));
        changes();
        f.drain();

        publish(article("a3", "2026-06-23T13:30:00Z", null, List.of("AI Chips"), "MU"));

        assertThat(changes()).isEmpty();
        assertThat(f.drain()).containsOnlyKeys(f.config.themeTopic("ai-chips"));
        assertThat(f.events).endsWith("enriched:ai-chips", "trend-late");
    }

    @Test
    void aVersionWithinTheGraceIsStillCountedInItsWindow() {
        publish(article("a1", "2026-06-23T14:05:00Z", null, List.of("AI Chips"), "MU"));
        changes();

        publish(article("a2", "2026-06-23T13:59:00Z", null, List.of("AI Chips"), "MU"));

        assertThat(changes()).containsOnlyKeys("ai-chips|MU|" + H13);
        assertThat(f.events).doesNotContain("trend-late");
    }

    @Test
    void fallsBackToTheRecordTimestampWithoutAUsablePublicationTime() {
        f.pipe("a1", article("a1", null, null, List.of("AI Chips"), "MU").getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-06-23T14:20:00Z"));
        f.pipe("a2", article("a2", "2099-01-01T00:00:00Z", null, List.of("AI Chips"), "NVDA")
                .getBytes(StandardCharsets.UTF_8), Instant.parse("2026-06-23T14:30:00Z"));
        f.advanceWallClock(Duration.ofMinutes(1));

        assertThat(changes()).containsOnlyKeys("ai-chips|MU|" + H14, "ai-chips|NVDA|" + H14);
    }

    @Test
    void deletesTheCountsOfWindowsPastTheRetentionFromTheTopic() {
        f.close();
        f = new TopologyFixture(EnricherConfig.defaults().with(EnricherConfig.TRENDS_RETENTION, "PT2H"),
                stateDir.resolve("short-retention"));
        trends = f.driver.createOutputTopic(f.config.trendsTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
        publish(article("a1", "2026-06-23T13:10:00Z", null, List.of("AI Chips"), "MU"));
        publish(article("a2", "2026-06-23T15:10:00Z", null, List.of("AI Chips"), "NVDA"));
        assertThat(changes()).containsOnlyKeys("ai-chips|MU|" + H13, "ai-chips|NVDA|2026-06-23T15:00:00Z");

        publish(article("a3", "2026-06-23T16:10:00Z", null, List.of("AI Chips"), "AMD"));
        f.advanceWallClock(TrendCounter.PURGE_INTERVAL);

        Map<String, TrendRecord> changes = changes();
        assertThat(changes).containsOnlyKeys("ai-chips|AMD|2026-06-23T16:00:00Z", "ai-chips|MU|" + H13);
        assertThat(changes.get("ai-chips|MU|" + H13)).as("deleted, 2 h behind the newest window").isNull();
    }

    private void publish(String json) {
        f.pipe("k", json.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-06-23T18:00:00Z"));
        f.advanceWallClock(Duration.ofMinutes(1));
    }

    /** The trend records written since the last call, the latest value of each key (null for a deletion). */
    private Map<String, TrendRecord> changes() {
        Map<String, TrendRecord> latest = new LinkedHashMap<>();
        for (TestRecord<String, byte[]> r : trends.readRecordsToList()) {
            SchemaCheck.assertConforms(f.config, f.config.trendsTopic(), r.value(), Map.of(), java.util.Set.of());
            latest.put(r.key(), r.value() == null ? null : read(r.value()));
        }
        return latest;
    }

    private static TrendRecord read(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, TrendRecord.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String article(String id, String publishedAt, String updatedAt, List<String> topics,
                                  String... symbols) {
        return Articles.linking(id, publishedAt, updatedAt, topics, symbols);
    }
}
