package news.enricher.schema;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import news.enricher.ops.OpsServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /schemas/<name>.json}: a published schema; {@code GET /schemas/}: the list of them. Anything else under
 * the path is a 404: the name is looked up in {@link PublishedSchema}, never turned into a resource path.
 */
public final class SchemaEndpoint implements HttpHandler {

    public static final String PATH = "/schemas/";
    private static final String SCHEMA_TYPE = "application/schema+json";

    /** Serves the schemas on {@code server}. */
    public static OpsServer register(OpsServer server) {
        return server.route(PATH, new SchemaEndpoint());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            OpsServer.respond(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
            return;
        }
        // The raw path: a percent-encoded "../" stays encoded and names no schema.
        String path = exchange.getRequestURI().getRawPath();
        String name = path.startsWith(PATH) ? path.substring(PATH.length()) : null;
        if ("".equals(name)) {
            OpsServer.respond(exchange, 200, "application/json", index());
            return;
        }
        Optional<PublishedSchema> schema = name == null ? Optional.empty() : PublishedSchema.byFileName(name);
        if (schema.isEmpty()) {
            OpsServer.respond(exchange, 404, "text/plain; charset=utf-8",
                    "No such schema; see " + PATH + " for the list\n");
            return;
        }
        OpsServer.respond(exchange, 200, SCHEMA_TYPE, new String(schema.get().bytes(), StandardCharsets.UTF_8));
    }

    private static String index() {
        return Arrays.stream(PublishedSchema.values())
                .map(s -> "\"" + PATH + s.fileName() + "\"")
                .collect(Collectors.joining(",", "[", "]\n"));
    }
}
