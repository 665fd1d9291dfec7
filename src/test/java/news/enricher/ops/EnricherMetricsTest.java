package news.enricher.ops;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EnricherMetricsTest {

    private final EnricherMetrics metrics = new EnricherMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void exposesEndToEndLatencyAsHistogramBucketsAndAsP50AndP99() {
        for (int i = 1; i <= 100; i++) {
            metrics.published(Duration.ofMillis(i * 10L)); // 10 ms … 1 s
        }

        String scrape = metrics.scrape();

        assertThat(scrape)
                .contains("# TYPE enricher_end_to_end_latency_seconds histogram")
                .contains("enricher_end_to_end_latency_seconds_bucket{le=\"0.1\"} 10")
                .contains("enricher_end_to_end_latency_seconds_bucket{le=\"0.5\"} 50")
                .contains("enricher_end_to_end_latency_seconds_bucket{le=\"1.0\"} 100")
                .contains("enricher_end_to_end_latency_seconds_bucket{le=\"+Inf\"} 100")
                .contains("enricher_end_to_end_latency_seconds_count 100")
                .contains("enricher_end_to_end_latency_seconds_sum 50.5");
        // Micrometer's percentiles are approximations of a few %.
        assertThat(sample(scrape, "enricher_end_to_end_latency_quantile_seconds{quantile=\"0.5\"}"))
                .isCloseTo(0.5, within(0.03));
        assertThat(sample(scrape, "enricher_end_to_end_latency_quantile_seconds{quantile=\"0.99\"}"))
                .isCloseTo(0.99, within(0.05));
    }

    @Test
    void leavesARecordTimestampAheadOfTheClockOutOfTheLatency() {
        metrics.published(Duration.ofMillis(-250));
        metrics.published(Duration.ofMillis(20));

        String scrape = metrics.scrape();

        assertThat(scrape)
                .contains("enricher_end_to_end_latency_seconds_count 1")
                .contains("enricher_end_to_end_latency_seconds_bucket{le=\"0.01\"} 0")
                .contains("enricher_end_to_end_latency_seconds_bucket{le=\"0.025\"} 1");
    }

    @Test
    void countsDeadLettersByReason() {
        metrics.deadLettered("invalid-json");
        metrics.deadLettered("invalid-article");
        metrics.deadLettered("invalid-json");

        assertThat(metrics.scrape())
                .contains("enricher_dead_letters_total{reason=\"invalid-json\"} 2.0")
                .contains("enricher_dead_letters_total{reason=\"invalid-article\"} 1.0");
    }

    @Test
    void countsVersionsTooLateForTheTrends() {
        assertThat(metrics.scrape()).contains("enricher_trends_late_versions_total 0.0");

        metrics.trendLate();

        assertThat(metrics.scrape()).contains("enricher_trends_late_versions_total 1.0");
    }

    private static double sample(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(series + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
