package news.enricher.trends;

import news.enricher.time.IsoInstants;

/**
 * What one trend count is about: a ticker of a theme in one window. Written {@code <theme>|<symbol>|<window_start>},
 * the start as an ISO-8601 instant. Neither part can hold a {@code |}: themes are topic-name characters and symbols
 * are letters, digits and dots.
 */
public record TrendKey(String theme, String symbol, long windowStartMs) {

    /** {@code <theme>|<symbol>}: the key the per-window counting groups by. */
    public String ticker() {
        return ticker(theme, symbol);
    }

    public static String ticker(String theme, String symbol) {
        return theme + '|' + symbol;
    }

    @Override
    public String toString() {
        return ticker() + '|' + IsoInstants.format(windowStartMs);
    }

    /** The key of {@code ticker} ({@code <theme>|<symbol>}) in the window starting at {@code windowStartMs}. */
    public static String format(String ticker, long windowStartMs) {
        return ticker + '|' + IsoInstants.format(windowStartMs);
    }

    public static TrendKey parse(String key) {
        int first = key.indexOf('|');
        int last = key.lastIndexOf('|');
        if (first <= 0 || last <= first + 1 || last == key.length() - 1) {
            throw new IllegalArgumentException("Not a trend key: " + key);
        }
        return new TrendKey(key.substring(0, first), key.substring(first + 1, last),
                IsoInstants.parseMillis(key.substring(last + 1)));
    }
}
