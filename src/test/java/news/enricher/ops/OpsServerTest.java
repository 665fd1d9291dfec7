package news.enricher.ops;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class OpsServerTest {

    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    private final EnricherMetrics metrics = new EnricherMetrics();
    private final OpsServer server = new OpsServer(0, state::get, metrics).start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void reportsHealthyOnlyWhileRunning() throws Exception {
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            state.set(s);

            HttpResponse<String> response = get("/health");

            assertThat(response.statusCode()).as(s.name()).isEqualTo(s == KafkaStreams.State.RUNNING ? 200 : 503);
            assertThat(response.body()).contains("\"status\":\"" + s + "\"");
        }
    }

    @Test
    void exposesTheEnrichersCountersInPrometheusFormat() throws Exception {
        metrics.enriched("ai-chips");
        metrics.enriched("ai-chips");
        metrics.enriched("crypto");
        metrics.tombstoneSkipped();
        metrics.recrawlSkipped();
        metrics.staleSkipped();
        metrics.unknownTicker();

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain"));
        assertThat(response.body())
                .contains("enricher_articles_enriched_total{theme=\"ai-chips\"} 2.0")
                .contains("enricher_articles_enriched_total{theme=\"crypto\"} 1.0")
                .contains("enricher_tombstones_skipped_total 1.0")
                .contains("enricher_recrawls_skipped_total 1.0")
                .contains("enricher_stale_skipped_total 1.0")
                .contains("enricher_unknown_tickers_total 1.0");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
