package news.enricher.bench;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClientMetricsTest {

    @Test
    void streamThreadsAddTheirCommitsAverageTheirMeansAndKeepTheLargestMaximum() {
        try (Metrics metrics = new Metrics()) {
            thread(metrics, "t-1", 100, 2.0, 40.0);
            thread(metrics, "t-2", 300, 4.0, 130.0);
            metrics.addMetric(new MetricName("commit-total", "stream-task-metrics", "", Map.of("task-id", "0_0")),
                    (Measurable) (config, now) -> 9_999);

            assertThat(ClientMetrics.streamThreads(metrics.metrics())).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "commit-total", 400.0, "commit-latency-avg", 3.0, "commit-latency-max", 130.0));
        }
    }

    @Test
    void theProducersTransactionTimesAreTotalsOverItsProducers() {
        try (Metrics metrics = new Metrics()) {
            for (String client : new String[] {"p-1", "p-2"}) {
                metrics.addMetric(new MetricName("txn-commit-time-ns-total", "producer-metrics", "",
                        Map.of("client-id", client)), (Measurable) (config, now) -> 1_000_000);
            }
            metrics.addMetric(new MetricName("txn-abort-time-ns-total", "producer-metrics", "",
                    Map.of("client-id", "p-1")), (Measurable) (config, now) -> 5);

            assertThat(ClientMetrics.producer(metrics.metrics()))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("txn-commit-time-ns-total", 2_000_000.0));
        }
    }

    private static void thread(Metrics metrics, String id, double commits, double avg, double max) {
        Map<String, String> tags = Map.of("thread-id", id);
        metrics.addMetric(new MetricName("commit-total", "stream-thread-metrics", "", tags),
                (Measurable) (config, now) -> commits);
        metrics.addMetric(new MetricName("commit-latency-avg", "stream-thread-metrics", "", tags),
                (Measurable) (config, now) -> avg);
        metrics.addMetric(new MetricName("commit-latency-max", "stream-thread-metrics", "", tags),
                (Measurable) (config, now) -> max);
        metrics.addMetric(new MetricName("poll-total", "stream-thread-metrics", "", tags),
                (Measurable) (config, now) -> 7);
    }
}
