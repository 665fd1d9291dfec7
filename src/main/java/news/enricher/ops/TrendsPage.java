package news.enricher.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /}: the trends page, one self-contained HTML file (script and style inline) that reads the API. */
public final class TrendsPage implements HttpHandler {

    private static final String RESOURCE = "/web/trends.html";
    private final String html;

    public TrendsPage() {
        try (InputStream in = TrendsPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // The JDK server routes every path without a handler of its own here: only "/" is the page.
        if (!exchange.getRequestURI().getPath().equals("/")) {
            OpsServer.respond(exchange, 404, "text/plain; charset=utf-8", "Not found\n");
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'");
        OpsServer.respond(exchange, 200, "text/html; charset=utf-8", html);
    }
}
