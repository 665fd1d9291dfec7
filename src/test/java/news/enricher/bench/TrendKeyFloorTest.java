package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import news.enricher.reference.TickerRow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrendKeyFloorTest {

    private static final List<TickerRow> TICKERS = List.of(
            new TickerRow("MU", "Micron Technology", "NASDAQ", "Technology", "Semiconductors", "US", null),
            new TickerRow("NVDA", "NVIDIA", "NASDAQ", "Technology", "Semiconductors", "US", null));
    // Sent after they were published, as the bench sends them: a published_at later than the send is not believed.
    private static final long JULY_1 = java.time.Instant.parse("2026-07-01T00:00:00Z").toEpochMilli();

    @Test
    void countsEachThemeTickerAndWindowOnceAcrossArticles() {
        TrendKeyFloor floor = new TrendKeyFloor(EnricherConfig.defaults(), TICKERS, JULY_1);

        floor.add(article("a1", "2026-06-23T13:05:00Z", "[\"ai-chips\",\"ai-policy\"]", "MU", "NVDA"));
        floor.add(article("a2", "2026-06-23T13:55:00Z", "[\"ai-chips\"]", "MU", "ZZZZ"));
        floor.add(article("a3", "2026-06-23T14:00:00Z", "[\"ai-chips\"]", "MU"));
        floor.add(article("a4", null, "[\"ai-chips\"]", "MU"));
        floor.add("{\"slug\":".getBytes(StandardCharsets.UTF_8));

        // 13:00 ai-chips MU, NVDA, ZZZZ; ai-policy MU, NVDA; 14:00 ai-chips MU; July 1 (no published_at) ai-chips MU.
        assertThat(floor.distinctKeys()).isEqualTo(7);
        assertThat(floor.articles()).isEqualTo(4);
    }

    @Test
    void keysThatDifferInAnyPartHashApart() {
        assertThat(TrendKeyFloor.hash("ai-chips", "MU", 0)).isNotEqualTo(TrendKeyFloor.hash("ai-chips", "MU", 3_600_000))
                .isNotEqualTo(TrendKeyFloor.hash("ai-chip", "sMU", 0))
                .isNotEqualTo(TrendKeyFloor.hash("ai-policy", "MU", 0))
                .isEqualTo(TrendKeyFloor.hash("ai-chips", "MU", 0));
    }

    private static byte[] article(String slug, String publishedAt, String topics, String... symbols) {
        StringBuilder body = new StringBuilder();
        for (String symbol : symbols) {
            body.append("[").append(symbol).append("](https://robinhood.com/us/en/stocks/").append(symbol).append("/) ");
        }
        return ("{\"slug\":\"" + slug + "\",\"title\":\"t\",\"body_md\":\"" + body + "\",\"topics\":" + topics
                + (publishedAt == null ? "" : ",\"published_at\":\"" + publishedAt + "\"") + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
