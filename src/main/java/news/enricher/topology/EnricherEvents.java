package news.enricher.topology;

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

    /** A published version that falls in a trend window already closed: enriched, but not counted. */
    default void trendLate() {
    }
}
