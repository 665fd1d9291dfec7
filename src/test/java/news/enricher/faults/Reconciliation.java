package news.enricher.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The verifier's verdict on one run; see {@link Reconciler}. */
public record Reconciliation(long produced, long refused, long publishedVersions, long expectedCopies,
                             long expectedDeadLetters, long expectedSightings, long enriched, long deadLettered,
                             long sightings, Reconciler.Counts themed, Reconciler.Counts dead,
                             Reconciler.Counts unknown, Map<String, Integer> missingByKind, List<String> samples,
                             List<String> crawlerFailures, Reconciler.Latency latency) {

    public long missing() {
        return themed.missing() + dead.missing() + unknown.missing();
    }

    public long duplicated() {
        return themed.duplicated() + dead.duplicated() + unknown.duplicated();
    }

    public long unexpected() {
        return themed.unexpected() + dead.unexpected() + unknown.unexpected();
    }

    public long malformed() {
        return themed.malformed() + dead.malformed() + unknown.malformed();
    }

    public boolean clean() {
        return missing() == 0 && duplicated() == 0 && unexpected() == 0 && malformed() == 0
                && crawlerFailures.isEmpty();
    }

    public String summary() {
        return "produced=" + produced + " refused=" + refused + " enriched=" + enriched + "/" + expectedCopies
                + " dead_lettered=" + deadLettered + "/" + expectedDeadLetters + " sightings=" + sightings + "/"
                + expectedSightings + " missing=" + missing() + " duplicated=" + duplicated() + " unexpected="
                + unexpected() + " malformed=" + malformed() + " (themed " + themed.asMap() + ", dead letters "
                + dead.asMap() + ", sightings " + unknown.asMap() + ")"
                + (missingByKind.isEmpty() ? "" : " missing by kind " + missingByKind)
                + (crawlerFailures.isEmpty() ? "" : " CRAWLER FAILURES " + crawlerFailures)
                + (samples.isEmpty() ? "" : "\n  " + String.join("\n  ", samples));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("produced", produced);
        m.put("refused_at_produce", refused);
        m.put("published_versions", publishedVersions);
        m.put("enriched", enriched);
        m.put("expected_copies", expectedCopies);
        m.put("dead_lettered", deadLettered);
        m.put("expected_dead_letters", expectedDeadLetters);
        m.put("unknown_sightings", sightings);
        m.put("expected_sightings", expectedSightings);
        m.put("missing", missing());
        m.put("duplicated", duplicated());
        m.put("unexpected", unexpected());
        m.put("malformed", malformed());
        m.put("themed", themed.asMap());
        m.put("dead_letters", dead.asMap());
        m.put("sightings", unknown.asMap());
        m.put("missing_by_kind", missingByKind);
        m.put("latency_ms", Map.of("p50", latency.p50(), "p99", latency.p99(), "max", latency.max()));
        m.put("samples", samples);
        return m;
    }
}
