package news.enricher.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer of {@code /trends/top} as a terminal table, with a sparkline of each ticker's history. */
public final class TrendsTable {

    private static final String BARS = "▁▂▃▄▅▆▇█";

    private TrendsTable() {
    }

    public static String render(JsonNode top) {
        StringBuilder b = new StringBuilder();
        String theme = top.path("theme").asText();
        if (top.path("window_start").isMissingNode() || top.path("window_start").isNull()) {
            return b.append(theme).append(": no counts yet\n").toString();
        }
        b.append(theme).append(" · ").append(top.get("window_start").asText()).append(" to ")
                .append(top.get("window_end").asText()).append('\n');
        JsonNode tickers = top.path("tickers");
        if (tickers.isEmpty()) {
            return b.append("  no tickers in this window\n").toString();
        }
        b.append(String.format("%3s  %-10s %8s %9s  %s%n", "#", "SYMBOL", "ARTICLES", "MENTIONS", "LAST 24 WINDOWS"));
        int rank = 1;
        for (JsonNode t : tickers) {
            String symbol = t.get("symbol").asText() + (t.path("known").asBoolean(true) ? "" : "?");
            b.append(String.format("%3d  %-10s %8d %9d  %s%n", rank++, symbol, t.get("articles").asLong(),
                    t.get("mentions").asLong(), sparkline(t.path("history"))));
        }
        if (tickers.findValues("known").stream().anyMatch(k -> !k.asBoolean())) {
            b.append("  ? not in the reference table\n");
        }
        return b.toString();
    }

    static String sparkline(JsonNode history) {
        long max = 0;
        for (JsonNode v : history) {
            max = Math.max(max, v.asLong());
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode v : history) {
            long n = v.asLong();
            b.append(n == 0 ? ' ' : BARS.charAt((int) Math.min(BARS.length() - 1, (n * BARS.length() - 1) / max)));
        }
        return b.toString().stripTrailing();
    }
}
