package news.enricher.faults;

import news.enricher.config.EnricherConfig;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the fault scenarios share. */
final class Scenarios {

    static final List<TickerRow> TABLE = TickerCsv.read(Path.of("config/tickers.csv"));
    /** Generous deadlines: timing is reported, not asserted; these only stop a hung run. */
    static final Duration START = Duration.ofMinutes(3);
    static final Duration PROCESSED = Duration.ofMinutes(FaultSettings.full() ? 20 : 4);
    static final Duration READ = Duration.ofMinutes(FaultSettings.full() ? 10 : 3);

    private Scenarios() {
    }

    /** Consumer session settings; 0 keeps the product's defaults ({@link EnricherConfig#DEFAULTS}). */
    static Map<String, String> session(int sessionTimeoutMs) {
        Map<String, String> m = new LinkedHashMap<>();
        if (sessionTimeoutMs > 0) {
            m.put("session.timeout.ms", String.valueOf(sessionTimeoutMs));
            m.put("heartbeat.interval.ms", String.valueOf(Math.max(500, sessionTimeoutMs / 4)));
        }
        return m;
    }

    static String sessionLabel(int sessionTimeoutMs) {
        return sessionTimeoutMs > 0 ? sessionTimeoutMs + " ms" : "product default (" + productSessionTimeoutMs() + " ms)";
    }

    static int productSessionTimeoutMs() {
        return Integer.parseInt(EnricherConfig.DEFAULTS.get(EnricherConfig.SESSION_TIMEOUT_MS));
    }

    static double seconds(long ms) {
        return Math.round(ms / 100.0) / 10.0;
    }
}
