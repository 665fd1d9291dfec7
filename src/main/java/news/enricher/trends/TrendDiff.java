package news.enricher.trends;

import news.enricher.enrich.TickerCount;
import news.enricher.time.IsoInstants;

import java.util.LinkedHashMap;
import java.util.Map;

/** What replacing one contribution of an article by another changes, count by count. */
public final class TrendDiff {

    /**
     * @param articles    -1, 0 or +1
     * @param mentions    the change in the summed mentions
     * @param ticker      the ticker as the newer version has it (the older one's when it was taken back)
     * @param windowStartMs the window of the count
     */
    public record Change(int articles, int mentions, TickerCount ticker, long windowStartMs) {

        boolean isNone() {
            return articles == 0 && mentions == 0;
        }
    }

    private TrendDiff() {
    }

    /**
     * The changes that turn counts including {@code before} into counts including {@code after} instead; either may
     * be null (nothing counted). Keys ({@link TrendKey#toString()} form) the contribution does not change are left
     * out.
     */
    public static Map<String, Change> between(Contribution before, Contribution after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        if (before != null) {
            add(changes, before, -1);
        }
        if (after != null) {
            add(changes, after, +1);
        }
        changes.values().removeIf(Change::isNone);
        return changes;
    }

    private static void add(Map<String, Change> changes, Contribution c, int sign) {
        // Formatted once per contribution: formatting an Instant per (theme, ticker) was 5% of the stream thread.
        String window = IsoInstants.format(c.windowStartMs());
        for (String theme : c.themes()) {
            for (TickerCount t : c.tickers()) {
                changes.merge(TrendKey.ticker(theme, t.symbol()) + '|' + window,
                        new Change(sign, sign * t.mentions(), t, c.windowStartMs()),
                        (old, add) -> new Change(old.articles + add.articles, old.mentions + add.mentions,
                                add.articles > 0 ? add.ticker : old.ticker, old.windowStartMs));
            }
        }
    }
}
