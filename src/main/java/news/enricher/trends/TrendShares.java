package news.enricher.trends;

import java.util.List;

/**
 * The shares one task sends to one bucket at one emission: many counts in one record, so that the shares of an
 * emission cost a few records rather than one per (theme, ticker, window).
 */
public record TrendShares(List<Keyed> shares) {

    /** A share and the count it is for, as {@link TrendKey#toString()}. */
    public record Keyed(String key, TaskPartial share) {
    }

    /** Buckets the counts are spread over; the repartition topic's partitions take them round-robin. */
    public static final int BUCKETS = 64;

    /** The bucket of a count: stable, so every share of a count meets in the same task. */
    public static int bucketOf(String trendKey) {
        return Math.floorMod(trendKey.hashCode(), BUCKETS);
    }
}
