package news.enricher.trends;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class TrendQueriesTest {

    private static final String H12 = "2026-06-23T12:00:00Z";
    private static final String H13 = "2026-06-23T13:00:00Z";
    private static final String H14 = "2026-06-23T14:00:00Z";

    /** Records in key order, as the store holds them. */
    static final class Records implements TrendSource {
        final TreeMap<String, TrendRecord> byKey = new TreeMap<>();

        Records add(String theme, String symbol, String window, long articles, long mentions, boolean known) {
            TrendRecord r = new TrendRecord(theme, symbol, "equity", known, window,
                    java.time.Instant.parse(window).plusSeconds(3600).toString(), articles, mentions, "a-" + symbol,
                    "2026-06-23T18:00:00Z");
            byKey.put(r.key(), r);
            return this;
        }

        @Override
        public void forEach(String keyPrefix, Consumer<TrendRecord> action) {
            byKey.tailMap(keyPrefix).forEach((k, r) -> {
                if (k.startsWith(keyPrefix)) {
                    action.accept(r);
                }
            });
        }
    }

    private final Records records = new Records()
            .add("ai-chips", "MU", H13, 3, 5, true)
            .add("ai-chips", "NVDA", H13, 3, 7, true)
            .add("ai-chips", "AMD", H13, 1, 1, true)
            .add("ai-chips", "MU", H12, 2, 2, true)
            .add("ai-chips", "ZZZQ", H12, 2, 2, false)
            .add("memory", "MU", H13, 1, 4, true)
            .add("memory", "ZZZQ", H13, 1, 3, false)
            .add("memory", "ZZZQ", H12, 1, 1, false);
    private final TrendQueries queries = new TrendQueries(records, Duration.ofHours(1).toMillis());

    @Test
    void theCurrentWindowIsTheLatestWithAnyCount() {
        assertThat(queries.currentWindow()).contains(H13);
        assertThat(new TrendQueries(new Records(), 3_600_000).currentWindow()).isEmpty();
    }

    @Test
    void ranksATopByArticlesThenMentionsThenSymbolWithHistory() {
        TrendQueries.Top top = queries.top("ai-chips", Optional.empty(), 10, 3);

        assertThat(top.windowStart()).isEqualTo(H13);
        assertThat(top.windowEnd()).isEqualTo(H14);
        assertThat(top.tickers()).extracting(TrendQueries.Ranked::symbol).containsExactly("NVDA", "MU", "AMD");
        assertThat(top.tickers().get(1).history()).containsExactly(0L, 2L, 3L);
        assertThat(queries.top("ai-chips", Optional.of(H12), 1, 0).tickers())
                .extracting(TrendQueries.Ranked::symbol, TrendQueries.Ranked::history)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MU", null));
    }

    @Test
    void givesATickersLastWindowsOldestFirstWithEmptyOnesIncluded() {
        TrendQueries.Ticker mu = queries.ticker("MU", Optional.empty(), 3);

        assertThat(mu.windows()).extracting(TrendQueries.TickerWindow::windowStart)
                .containsExactly("2026-06-23T11:00:00Z", H12, H13);
        assertThat(mu.windows().get(0).themes()).isEmpty();
        assertThat(mu.windows().get(2).themes()).containsExactly(new TrendQueries.ThemeCount("ai-chips", 3, 5),
                new TrendQueries.ThemeCount("memory", 1, 4));
        assertThat(queries.ticker("MU", Optional.of("memory"), 1).windows().get(0).themes())
                .containsExactly(new TrendQueries.ThemeCount("memory", 1, 4));
    }

    @Test
    void listsUnknownSymbolsWithTheLargestPerThemeCountOfEachWindow() {
        TrendQueries.Unknowns unknown = queries.unknown(20);

        assertThat(unknown.symbols()).containsExactly(new TrendQueries.Unknown("ZZZQ", "equity", 3, 5,
                List.of("ai-chips", "memory"), H13));
    }

    @Test
    void listsTheThemesOfTheCurrentWindow() {
        TrendQueries.Themes themes = queries.themes();

        assertThat(themes.windowStart()).isEqualTo(H13);
        assertThat(themes.themes()).containsExactly(new TrendQueries.ThemeSummary("ai-chips", 3, 13),
                new TrendQueries.ThemeSummary("memory", 2, 7));
    }
}
