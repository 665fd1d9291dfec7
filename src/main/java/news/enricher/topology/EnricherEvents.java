package news.enricher.topology;

import java.time.Duration;

/**
 * What the topology counts as it goes; the service binds these to metrics, the offline command ignores them.
 * Called on the stream thread: implementations must be fast and thread-safe.
 */
public interface EnricherEvents {

    EnricherEvents NONE = new EnricherEvents() { };

    default void tombstoneSkipped() {
    }

    default void recrawlSkipped() {
    }

    default void staleSkipped() {
    }

    default void enriched(String theme) {
    }

    default void unknownTicker() {
    }

    /**
     * An article's copies were forwarded {@code latency} after its input record's timestamp (the crawler's send
     * time, or the broker's append time on a topic with {@code LogAppendTime}).
     */
    default void published(Duration latency) {
    }
}
