package news.enricher.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import news.enricher.topology.EnricherEvents;
import org.apache.kafka.streams.KafkaStreams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enricher's own counters plus every Kafka Streams and client metric (records in, process latency, consumer
 * lag, records the exception handlers dead-lettered as {@code dropped-records}), in Prometheus text format.
 */
public final class EnricherMetrics implements EnricherEvents, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> enrichedByTheme = new ConcurrentHashMap<>();
    private final Counter tombstones = counter("enricher.tombstones.skipped", "Tombstones on the raw topic, skipped");
    private final Counter recrawls = counter("enricher.recrawls.skipped", "Exact re-crawls not published again");
    private final Counter stale = counter("enricher.stale.skipped", "Versions older than one already published");
    private final Counter unknown = counter("enricher.unknown.tickers", "Extracted tickers not in the reference table");
    private KafkaStreamsMetrics streamsMetrics;

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /** Binds the Kafka Streams client's own metrics; call before {@code start()}. */
    public void bind(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void tombstoneSkipped() {
        tombstones.increment();
    }

    @Override
    public void recrawlSkipped() {
        recrawls.increment();
    }

    @Override
    public void staleSkipped() {
        stale.increment();
    }

    @Override
    public void enriched(String theme) {
        enrichedByTheme.computeIfAbsent(theme, t -> Counter.builder("enricher.articles.enriched")
                .description("Enriched copies published, per theme")
                .tag("theme", t)
                .register(registry)).increment();
    }

    @Override
    public void unknownTicker() {
        unknown.increment();
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }
}
