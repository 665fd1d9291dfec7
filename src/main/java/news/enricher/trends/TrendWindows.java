package news.enricher.trends;

import news.enricher.config.EnricherConfig;

import java.time.Instant;
import java.util.Optional;

/**
 * Tumbling event-time windows, and when a window is closed to changes.
 *
 * @param sizeMs  {@code enricher.trends.window}
 * @param graceMs {@code enricher.trends.grace}: how far behind the stream time a window still takes changes
 */
public record TrendWindows(long sizeMs, long graceMs) {

    public static TrendWindows of(EnricherConfig config) {
        return new TrendWindows(config.trendsWindow().toMillis(), config.trendsGrace().toMillis());
    }

    public long startOf(long eventTimeMs) {
        return Math.floorDiv(eventTimeMs, sizeMs) * sizeMs;
    }

    /** As Kafka Streams' windowed aggregations judge it: closed once the stream time reaches end + grace. */
    public boolean isClosed(long windowStartMs, long streamTimeMs) {
        return windowStartMs + sizeMs + graceMs <= streamTimeMs;
    }

    /**
     * The article's {@code published_at}, else the time Kafka has for its record. A {@code published_at} more than
     * the grace after the record's own time is not believed: an article is not published after it was crawled, and
     * one bad date far in the future would otherwise close every window of its task.
     */
    public long eventTime(Optional<Instant> publishedAt, long recordTimestampMs) {
        if (publishedAt.isEmpty()) {
            return recordTimestampMs;
        }
        long published = publishedAt.get().toEpochMilli();
        return published - recordTimestampMs > graceMs ? recordTimestampMs : published;
    }
}
