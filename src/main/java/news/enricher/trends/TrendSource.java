package news.enricher.trends;

import java.util.function.Consumer;

/** The published trend records an instance can read; in the service, its copy of the trends topic. */
public interface TrendSource {

    /** Every record whose key starts with {@code keyPrefix} ("" for all), in key order. */
    void forEach(String keyPrefix, Consumer<TrendRecord> action);
}
