package news.enricher.trends;

import news.enricher.enrich.TickerCount;

import java.util.List;

/**
 * What one counted version of an article adds to the trends: each of its tickers, in each of its themes, in its
 * window. Kept per article so that a correction can take back exactly what its earlier version added.
 */
public record Contribution(long windowStartMs, long eventTimeMs, List<String> themes, List<TickerCount> tickers) {

    public Contribution {
        themes = List.copyOf(themes);
        tickers = List.copyOf(tickers);
    }
}
