package news.enricher.ops;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OpsServerTest {

    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    private final EnricherMetrics metrics = new EnricherMetrics();
    private final OpsServer server = new OpsServer("0.0.0.0", 0, state::get, metrics).start();
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

    @Test
    void servesHealthOnTheBindAddressAndNowhereElse() throws Exception {
        // Linux routes all of 127/8 to loopback, so a wildcard listener answers on 127.0.0.2 and one bound to
        // 127.0.0.1 must not; where 127.0.0.2 is not routed the check proves nothing and is skipped.
        assumeTrue(accepts("127.0.0.2", server.port()), "127.0.0.2 does not reach a wildcard listener here");
        state.set(KafkaStreams.State.RUNNING);

        try (OpsServer loopbackOnly = new OpsServer("127.0.0.1", 0, state::get, metrics).start()) {
            HttpResponse<String> response = get("127.0.0.1", loopbackOnly.port(), "/health");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(loopbackOnly.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(accepts("127.0.0.2", loopbackOnly.port())).isFalse();
        }
    }

    @Test
    void namesTheBindAddressWhenItCannotBeBound() throws Exception {
        // TEST-NET-3 (RFC 5737): documentation-only, so no interface of this machine should carry it.
        String foreign = "203.0.113.1";
        assumeTrue(NetworkInterface.getByInetAddress(InetAddress.getByName(foreign)) == null);

        assertThatThrownBy(() -> new OpsServer(foreign, 0, state::get, metrics))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(foreign)
                .hasMessageContaining("enricher.http.bind");
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get("127.0.0.1", server.port(), path);
    }

    private HttpResponse<String> get(String host, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
