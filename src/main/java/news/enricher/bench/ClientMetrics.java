package news.enricher.bench;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The few client metrics the report shows, summed over every producer of a client. */
final class ClientMetrics {

    private ClientMetrics() {
    }

    static Map<String, Double> producer(Map<? extends MetricName, ? extends Metric> metrics) {
        Map<String, Double> out = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (!"producer-metrics".equals(name.group())) {
                return;
            }
            switch (name.name()) {
                case "outgoing-byte-total", "record-send-total", "request-total", "batch-size-avg",
                        "compression-rate-avg", "records-per-request-avg", "flush-time-ns-total",
                        "txn-send-offsets-time-ns-total", "txn-commit-time-ns-total" -> {
                    Object v = metric.metricValue();
                    if (v instanceof Number number && !Double.isNaN(number.doubleValue())) {
                        out.merge(name.name(), number.doubleValue(),
                                name.name().endsWith("-avg") ? (a, b) -> b : Double::sum);
                    }
                }
                default -> {
                }
            }
        });
        return out;
    }

    /**
     * How long the stream threads spend committing: {@code commit-total} and {@code commit-latency-avg} (the mean
     * of the threads' means) and {@code commit-latency-max} (the largest); Kafka Streams keeps the latencies over its
     * last sample windows ({@code metrics.sample.window.ms} × {@code metrics.num.samples}, a minute by default).
     */
    static Map<String, Double> streamThreads(Map<? extends MetricName, ? extends Metric> metrics) {
        Map<String, Map<String, Double>> byThread = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (!"stream-thread-metrics".equals(name.group())) {
                return;
            }
            switch (name.name()) {
                case "commit-total", "commit-latency-avg", "commit-latency-max" -> {
                    Object v = metric.metricValue();
                    if (v instanceof Number number && !Double.isNaN(number.doubleValue())) {
                        byThread.computeIfAbsent(name.tags().get("thread-id"), t -> new TreeMap<>())
                                .put(name.name(), number.doubleValue());
                    }
                }
                default -> {
                }
            }
        });
        return merge(new ArrayList<>(byThread.values()));
    }

    /**
     * The figures of several clients (producers, stream threads) as one: totals add up, averages are the mean of the
     * clients', maxima the largest.
     */
    static Map<String, Double> merge(List<Map<String, Double>> clients) {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Map<String, Double> p : clients) {
            p.forEach((name, value) -> {
                sums.merge(name, value, name.endsWith("-max") ? Math::max : Double::sum);
                counts.merge(name, 1, Integer::sum);
            });
        }
        sums.replaceAll((name, sum) -> name.endsWith("-avg") ? sum / counts.get(name) : sum);
        return sums;
    }
}
