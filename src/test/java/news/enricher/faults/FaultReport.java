package news.enricher.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * target/faults/report.json and report.md: one section per scenario, rebuilt from
 * target/faults/scenarios/*.json each time a scenario finishes, so a partial run still reports what ran.
 */
public final class FaultReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] ORDER = {"crash-restart-eos", "crash-restart-alos", "broker-restart", "scale-out-in",
        "hostile-input", "reference-churn",
        "cluster-raw-leader", "cluster-themed-leader", "cluster-txn-coordinator", "cluster-group-coordinator",
        "cluster-rolling-restart", "cluster-broker-down-long", "cluster-instance-and-broker", "load-held"};

    private FaultReport() {
    }

    static synchronized void write(String scenario, Map<String, Object> section) {
        try {
            Path dir = Files.createDirectories(FaultSettings.reportDir().resolve("scenarios"));
            JSON.writeValue(dir.resolve(scenario + ".json").toFile(), section);
            List<JsonNode> all = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    all.add(JSON.readTree(p.toFile()));
                }
            }
            all.sort((a, b) -> Integer.compare(rank(a.path("scenario").asText()), rank(b.path("scenario").asText())));
            ArrayNode array = JSON.createArrayNode();
            all.forEach(array::add);
            JSON.writeValue(FaultSettings.reportDir().resolve("report.json").toFile(), array);
            Files.writeString(FaultSettings.reportDir().resolve("report.md"), markdown(all));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the fault report", e);
        }
    }

    private static int rank(String scenario) {
        for (int i = 0; i < ORDER.length; i++) {
            if (ORDER[i].equals(scenario)) {
                return i;
            }
        }
        return ORDER.length;
    }

    static String markdown(List<JsonNode> all) {
        StringBuilder md = new StringBuilder("# Fault suite report\n\n");
        md.append("Verifier: every output topic read `read_committed`, de-duplicated by (topic, partition, offset), "
                + "reconciled against what the crawler got acknowledged. Themed copies are identified by "
                + "(topic, article id, version tag), dead letters by (key bytes, SHA-256 of the value), "
                + "unknown-ticker sightings by (symbol, article id). Times are broker append times "
                + "(LogAppendTime).\n\n");
        md.append("| scenario | mode | guarantee | produced | enriched | dead_lettered | missing | duplicated "
                + "| unexpected | malformed | wall time | result |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (JsonNode s : all) {
            JsonNode c = s.path("counts");
            md.append("| ").append(s.path("scenario").asText()).append(" | ").append(s.path("mode").asText())
                    .append(" | ").append(s.path("processing_guarantee").asText())
                    .append(" | ").append(c.path("produced").asLong())
                    .append(" | ").append(c.path("enriched").asLong())
                    .append(" | ").append(c.path("dead_lettered").asLong())
                    .append(" | ").append(c.path("missing").asLong())
                    .append(" | ").append(c.path("duplicated").asLong())
                    .append(" | ").append(c.path("unexpected").asLong())
                    .append(" | ").append(c.path("malformed").asLong())
                    .append(" | ").append(s.path("wall_time_s").asDouble()).append(" s")
                    .append(" | ").append(s.path("passed").asBoolean() ? "pass" : "**FAIL**").append(" |\n");
        }
        for (JsonNode s : all) {
            md.append("\n## ").append(s.path("scenario").asText()).append(": ").append(s.path("title").asText())
                    .append("\n\n");
            md.append("- assertion: ").append(s.path("assertion").asText()).append(" → ")
                    .append(s.path("passed").asBoolean() ? "pass" : "FAIL").append('\n');
            JsonNode c = s.path("counts");
            md.append("- expected: ").append(c.path("expected_copies").asLong()).append(" themed copies of ")
                    .append(c.path("published_versions").asLong()).append(" published versions, ")
                    .append(c.path("expected_dead_letters").asLong()).append(" dead letters, ")
                    .append(c.path("expected_sightings").asLong()).append(" unknown-ticker sightings; refused at "
                            + "produce time: ").append(c.path("refused_at_produce").asLong()).append('\n');
            md.append("- observed: ").append(c.path("enriched").asLong()).append(" themed copies, ")
                    .append(c.path("dead_lettered").asLong()).append(" dead letters, ")
                    .append(c.path("unknown_sightings").asLong()).append(" sightings; by output: themed ")
                    .append(c.path("themed")).append(", dead letters ").append(c.path("dead_letters"))
                    .append(", sightings ").append(c.path("sightings")).append('\n');
            md.append("- end-to-end latency (raw append → first themed copy append): ").append(c.path("latency_ms"))
                    .append('\n');
            for (Map.Entry<String, JsonNode> f : s.path("figures").properties()) {
                md.append("- ").append(f.getKey()).append(": ").append(text(f.getValue())).append('\n');
            }
            md.append("- produced by kind: ").append(s.path("produced_by_kind")).append('\n');
            md.append("- settings: ").append(s.path("settings")).append('\n');
            if (c.path("samples").size() > 0) {
                md.append("- samples (first 8; all in report.json):\n");
                for (int i = 0; i < Math.min(8, c.path("samples").size()); i++) {
                    md.append("  - `").append(c.path("samples").get(i).asText()).append("`\n");
                }
            }
            md.append("- timeline:\n");
            s.path("events").forEach(e -> md.append("  - ").append(e.asText()).append('\n'));
        }
        return md.toString();
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : n.toString();
    }
}
