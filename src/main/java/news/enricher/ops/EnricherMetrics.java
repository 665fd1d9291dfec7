package news.enricher.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import news.enricher.topology.EnricherEvents;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The enricher's own metrics (copies per theme, dead letters per reason, skips, end-to-end latency) plus every Kafka
 * Streams and client metric (records in, process latency, consumer lag, rebalances, the client's state), in
 * Prometheus text format.
 */
public final class EnricherMetrics implements EnricherEvents, AutoCloseable {

    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5)};
    private static final double[] LATENCY_QUANTILES = {0.5, 0.99};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> enrichedByTheme = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettersByReason = new ConcurrentHashMap<>();
    private final Counter tombstones = counter("enricher.tombstones.skipped", "Tombstones on the raw topic, skipped");
    private final Counter recrawls = counter("enricher.recrawls.skipped", "Exact re-crawls not published again");
    private final Counter stale = counter("enricher.stale.skipped", "Versions older than one already published");
    private final Counter unknown = counter("enricher.unknown.tickers", "Extracted tickers not in the reference table");
    private final Counter trendsLate = counter("enricher.trends.late.versions",
            "Published versions in a trend window already closed: enriched, not counted");
    /**
     * Input record timestamp to forward, per published article. Prometheus text has a metric be a histogram or a
     * summary, not both: the buckets are for {@code histogram_quantile} across instances and any window, and p50/p99
     * over Micrometer's sliding window (about two minutes) are a gauge beside it, readable in {@code /metrics} as is.
     */
    private final Timer endToEnd = Timer.builder("enricher.end.to.end.latency")
            .description("From the input record's timestamp to the forward of the article's copies")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .publishPercentiles(LATENCY_QUANTILES)
            .register(registry);
    private KafkaStreamsMetrics streamsMetrics;

    public EnricherMetrics() {
        for (double quantile : LATENCY_QUANTILES) {
            Gauge.builder("enricher.end.to.end.latency.quantile", endToEnd, t -> quantileSeconds(t, quantile))
                    .description("End-to-end latency quantiles over a sliding window of about two minutes")
                    .baseUnit("seconds")
                    .tag("quantile", String.valueOf(quantile))
                    .register(registry);
        }
    }

    private static double quantileSeconds(Timer timer, double quantile) {
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == quantile) {
                return v.value(TimeUnit.SECONDS);
            }
        }
        return Double.NaN;
    }

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
    public void deadLettered(String reason) {
        deadLettersByReason.computeIfAbsent(reason, r -> Counter.builder("enricher.dead.letters")
                .description("Inputs dead-lettered, per reason")
                .tag("reason", r)
                .register(registry)).increment();
    }

    @Override
    public void unknownTicker() {
        unknown.increment();
    }

    @Override
    public void trendLate() {
        trendsLate.increment();
    }

    @Override
    public void published(Duration latency) {
        // A record timestamp ahead of this clock (a crawler's clock running fast) measures no latency.
        if (!latency.isNegative()) {
            endToEnd.record(latency);
        }
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }
}
