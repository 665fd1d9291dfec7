package news.enricher.topology;

import java.time.Duration;
import java.util.Map;

/**
 * What the topology counts as it goes; the service binds these to metrics, the offline command ignores them.
 * Called on the stream thread: implementations must be fast and thread-safe.
 */
public interface EnricherEvents {

    EnricherEvents NONE = new EnricherEvents() { };

    /**
     * The Streams configuration key under which the service passes its instance to the exception handlers, which
     * Kafka Streams builds itself.
     */
    String CONFIG = "news.enricher.events";

    /** The instance passed in {@code configs}, or {@link #NONE}. */
    static EnricherEvents from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof EnricherEvents events ? events : NONE;
    }

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

    /**
     * An article's copies were forwarded {@code latency} after its input record's timestamp (the crawler's send
     * time, or the broker's append time on a topic with {@code LogAppendTime}).
     */
    default void published(Duration latency) {
    }

    /** An input was dead-lettered; {@code reason} is one of a few stable names (see {@code DeadLetterReason}). */
    default void deadLettered(String reason) {
    }
}
