package news.enricher.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import news.enricher.json.Json;
import news.enricher.trends.TrendQueries;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /trends/top}, {@code /trends/ticker/<symbol>}, {@code /trends/unknown} and {@code /trends/themes}: JSON
 * answers from {@link TrendQueries}. Every parameter is checked, and a wrong one is a 400 that says what is wrong,
 * unknown names included, so that a typo is not silently answered with the defaults.
 */
public final class TrendsApi implements HttpHandler {

    public static final String PATH = "/trends/";
    private static final Pattern THEME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,12}(\\.[A-Z0-9]{1,4})?");
    private static final int MAX_LIMIT = 1000;

    private final TrendQueries queries;
    private final int maxWindows;

    /** @param maxWindows how many windows the retention keeps: the most {@code last} and {@code history} can ask */
    public TrendsApi(TrendQueries queries, int maxWindows) {
        this.queries = queries;
        this.maxWindows = maxWindows;
    }

    /** A parameter that is wrong; its message goes to the client as it is. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, error("only GET and HEAD are supported"));
            return;
        }
        try {
            Object answer = answer(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery());
            if (answer == null) {
                send(exchange, 404, error("no such endpoint; try /trends/top?theme=<theme>, /trends/ticker/<symbol>,"
                        + " /trends/unknown or /trends/themes"));
            } else {
                send(exchange, 200, answer);
            }
        } catch (BadRequest e) {
            send(exchange, 400, error(e.getMessage()));
        } catch (InvalidStateStoreException e) {
            // Starting, restoring or rebalancing: the client should come back, not give up.
            exchange.getResponseHeaders().set("Retry-After", "1");
            send(exchange, 503, error("the trends are not queryable yet (the instance is starting or rebalancing)"));
        }
    }

    /** The answer to a request, or null when no endpoint has that path. */
    Object answer(String rawPath, String rawQuery) {
        Map<String, String> params = params(rawQuery);
        String path = rawPath.endsWith("/") && rawPath.length() > PATH.length()
                ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        switch (path) {
            case "/trends/top" -> {
                allow(params, "theme", "window", "limit", "history");
                String theme = theme(params.get("theme"), true);
                return queries.top(theme, window(params.get("window")), number(params, "limit", 10, 1, MAX_LIMIT),
                        number(params, "history", 0, 0, maxWindows));
            }
            case "/trends/unknown" -> {
                allow(params, "limit");
                return queries.unknown(number(params, "limit", 20, 1, MAX_LIMIT));
            }
            case "/trends/themes" -> {
                allow(params);
                return queries.themes();
            }
            default -> {
                if (!path.startsWith("/trends/ticker/")) {
                    return null;
                }
                allow(params, "theme", "last");
                String symbol = decode(path.substring("/trends/ticker/".length())).toUpperCase(java.util.Locale.ROOT);
                if (!SYMBOL.matcher(symbol).matches()) {
                    throw new BadRequest("'" + symbol + "' is not a ticker symbol (letters and digits, optionally a"
                            + " class suffix such as BRK.B)");
                }
                return queries.ticker(symbol, Optional.ofNullable(theme(params.get("theme"), false)),
                        number(params, "last", 24, 1, maxWindows));
            }
        }
    }

    private static String theme(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw new BadRequest("parameter 'theme' is required, e.g. theme=ai-chips");
            }
            return null;
        }
        if (!THEME.matcher(value).matches()) {
            throw new BadRequest("theme '" + value + "' is not a theme name: lower-case letters, digits and dashes,"
                    + " e.g. ai-chips");
        }
        return value;
    }

    private Optional<String> window(String value) {
        if (value == null || value.equals("current")) {
            return Optional.empty();
        }
        Instant start;
        try {
            start = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest("window '" + value + "' is neither 'current' nor an ISO-8601 instant such as"
                    + " 2026-06-23T13:00:00Z");
        }
        if (!queries.isWindowStart(start)) {
            throw new BadRequest("window '" + value + "' is not the start of a window");
        }
        return Optional.of(start.toString());
    }

    private static int number(Map<String, String> params, String name, int fallback, int min, int max) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadRequest("parameter '" + name + "' must be a whole number, was '" + value + "'");
        }
        if (n < min || n > max) {
            throw new BadRequest("parameter '" + name + "' must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    private static void allow(Map<String, String> params, String... names) {
        Set<String> allowed = Set.of(names);
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw new BadRequest("unknown parameter '" + name + "'" + (names.length == 0 ? "; this endpoint takes"
                        + " none" : "; this endpoint takes " + String.join(", ", names)));
            }
        }
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw new BadRequest("parameter '" + name + "' is given more than once");
            }
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("malformed percent-encoding in '" + text + "'");
        }
    }

    private static Map<String, String> error(String message) {
        return Map.of("error", message);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body) + "\n";
        } catch (JsonProcessingException e) {
            throw new IOException("Cannot write the answer as JSON", e);
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        OpsServer.respond(exchange, status, "application/json", json);
    }
}
