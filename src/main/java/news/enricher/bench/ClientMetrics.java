package news.enricher.bench;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

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
                        "compression-rate-avg", "records-per-request-avg" -> {
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

    /** The figures of several producers as one: totals add up, averages are the mean of the producers'. */
    static Map<String, Double> merge(List<Map<String, Double>> producers) {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Map<String, Double> p : producers) {
            p.forEach((name, value) -> {
                sums.merge(name, value, Double::sum);
                counts.merge(name, 1, Integer::sum);
            });
        }
        sums.replaceAll((name, sum) -> name.endsWith("-avg") ? sum / counts.get(name) : sum);
        return sums;
    }
}
