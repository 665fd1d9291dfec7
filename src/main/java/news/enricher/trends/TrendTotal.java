package news.enricher.trends;

import news.enricher.extract.AssetClass;

import java.util.Map;
import java.util.TreeMap;

/**
 * A count in one window, summed over the tasks that hold its articles: the latest share of each task, by partition.
 */
public record TrendTotal(Map<Integer, long[]> shares, AssetClass assetClass, boolean known, String lastArticleId,
                         long lastArticleMs, long updatedAtMs) {

    public static TrendTotal empty() {
        return new TrendTotal(Map.of(), null, false, null, Long.MIN_VALUE, 0);
    }

    /** This total with {@code partial} as its task's share. */
    public TrendTotal with(TaskPartial partial) {
        Map<Integer, long[]> next = new TreeMap<>(shares);
        if (partial.isZero()) {
            next.remove(partial.source());
        } else {
            next.put(partial.source(), new long[] {partial.articles(), partial.mentions()});
        }
        boolean newer = partial.updatedAtMs() >= updatedAtMs;
        boolean later = partial.lastArticleId() != null && TaskPartial.isLater(partial.lastArticleMs(),
                partial.lastArticleId(), lastArticleMs, lastArticleId);
        // A share sent as nothing left (after a restart, with no ticker to say what it was) describes nothing.
        boolean describes = newer && partial.assetClass() != null;
        return new TrendTotal(next, describes || assetClass == null ? partial.assetClass() : assetClass,
                describes ? partial.known() : known, later ? partial.lastArticleId() : lastArticleId,
                later ? partial.lastArticleMs() : lastArticleMs, Math.max(updatedAtMs, partial.updatedAtMs()));
    }

    public long articles() {
        return shares.values().stream().mapToLong(s -> s[0]).sum();
    }

    public long mentions() {
        return shares.values().stream().mapToLong(s -> s[1]).sum();
    }
}
