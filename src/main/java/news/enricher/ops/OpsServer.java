package news.enricher.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /health} (200 only while the streams client is RUNNING, else 503, for Kubernetes probes) and
 * {@code /metrics} (Prometheus text). The JDK's own HTTP server is enough for two read-only endpoints.
 */
public final class OpsServer implements AutoCloseable {

    private final HttpServer server;

    /** {@code port} 0 takes a free port (see {@link #port()}). */
    public OpsServer(String bindAddress, int port, Supplier<KafkaStreams.State> state, EnricherMetrics metrics) {
        try {
            // Resolved here so an unknown host fails with this message, not as an unresolved-address bind error.
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the health/metrics port " + bindAddress + ":" + port
                    + " (set enricher.http.bind / enricher.http.port, or enricher.http.enabled=false)", e);
        }
        server.createContext("/health", exchange -> {
            KafkaStreams.State s = state.get();
            int status = s == KafkaStreams.State.RUNNING ? 200 : 503;
            respond(exchange, status, "application/json", "{\"status\":\"" + s + "\"}\n");
        });
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        }));
    }

    /**
     * Serves {@code handler} under {@code path} (a prefix, as the JDK server matches). Call before {@link #start()};
     * the features that answer over HTTP (schemas, trends) register themselves here instead of growing this class.
     */
    public OpsServer route(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public OpsServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address actually bound, with the real port when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Sends {@code body} with {@code status}; a HEAD request gets the headers only. */
    public static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
