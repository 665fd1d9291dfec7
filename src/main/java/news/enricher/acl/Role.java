package news.enricher.acl;

import java.util.Locale;

/** Who talks to the enricher's topics, and so which ACL set a principal gets. */
public enum Role {
    /** The enricher itself: reads raw and reference, writes the outputs, owns its group and internal topics. */
    ENRICHER,
    /** Publishes raw articles. */
    CRAWLER,
    /** A downstream team reading themed topics in its own consumer group. */
    READER;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
