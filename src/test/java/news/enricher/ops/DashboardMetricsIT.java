package news.enricher.ops;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.json.Json;
import news.enricher.provision.TopicProvisioner;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerRow;
import news.enricher.service.EnricherService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static news.enricher.testkit.KafkaTestKit.await;
import static news.enricher.testkit.KafkaTestKit.isolatedConfig;
import static news.enricher.testkit.KafkaTestKit.outputs;
import static news.enricher.testkit.KafkaTestKit.produce;
import static news.enricher.testkit.KafkaTestKit.readAtLeast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Grafana dashboard and the Prometheus config of {@code docker/}, checked without Docker: every metric the
 * dashboard's queries name is in a real instance's {@code /metrics} (with the labels they select and group by), every
 * query parses as PromQL and the Prometheus config is valid ({@code promtool}, from Debian's {@code prometheus}
 * package; {@code .ci/run} provides it).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardMetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path DASHBOARD = Path.of("docker/grafana/dashboards/news-enricher.json");
    private static final Path DATASOURCES = Path.of("docker/grafana/provisioning/datasources/prometheus.yml");
    private static final Path PROMETHEUS_CONFIG = Path.of("docker/prometheus/prometheus.yml");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][\\w:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])[a-zA-Z_:][\\w:]*(?![\\w:])(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");
    /** Labels Prometheus adds when it scrapes, so no instance's own /metrics has them. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    @TempDir
    Path state;

    @Test
    void everyMetricTheDashboardQueriesIsInARunningEnrichersMetrics() throws Exception {
        Map<String, List<Map<String, String>>> scraped = parse(scrapeAfterGoodAndBadRecords());

        List<String> problems = new ArrayList<>();
        for (String expr : queries()) {
            for (String metric : metricNames(expr)) {
                if (!scraped.containsKey(metric)) {
                    problems.add(metric + " (in " + expr + ") is not in /metrics");
                    continue;
                }
                for (String label : groupingLabels(expr)) {
                    if (scraped.get(metric).stream().noneMatch(series -> series.containsKey(label))) {
                        problems.add(metric + " has no label " + label + " (grouped by in " + expr + ")");
                    }
                }
            }
            Matcher selector = SELECTOR.matcher(expr);
            while (selector.find()) {
                List<Map<String, String>> series = scraped.getOrDefault(selector.group(1), List.of());
                if (series.stream().noneMatch(labels -> matches(labels, selector.group(2)))) {
                    problems.add("{" + selector.group(2) + "} selects no series of " + selector.group(1));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void showsArticlesDeadLettersLagLatenciesRebalancesAndState() throws IOException {
        Set<String> shown = new LinkedHashSet<>();
        queries().forEach(expr -> shown.addAll(metricNames(expr)));

        assertThat(shown).contains(
                "enricher_articles_enriched_total",
                "enricher_dead_letters_total",
                "kafka_consumer_fetch_manager_records_lag_max",
                "kafka_stream_thread_process_latency_avg",
                "enricher_end_to_end_latency_seconds_bucket",
                "kafka_consumer_coordinator_rebalance_total",
                "kafka_stream_client_state");
    }

    @Test
    void namesEachKafkaStreamsStateByTheNumberTheMetricReports() throws IOException {
        // kafka_stream_client_state is the state's ordinal (2 while RUNNING, as the running instance above reports).
        JsonNode mappings = panelQuerying("kafka_stream_client_state").at("/fieldConfig/defaults/mappings/0/options");

        Map<String, String> names = new LinkedHashMap<>();
        mappings.fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().get("text").textValue()));
        Map<String, String> expected = new LinkedHashMap<>();
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            expected.put(String.valueOf(s.ordinal()), s.name());
        }
        assertThat(names).isEqualTo(expected);
    }

    @Test
    void queriesTheProvisionedDatasource() throws IOException {
        Matcher uid = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)\\s*$").matcher(Files.readString(DATASOURCES));
        assertThat(uid.find()).isTrue();

        for (JsonNode panel : dashboard().get("panels")) {
            assertThat(panel.at("/datasource/uid").textValue()).as(panel.get("title").textValue())
                    .isEqualTo(uid.group(1));
        }
    }

    @Test
    void thePrometheusConfigIsValid() throws Exception {
        Result check = run(promtool(), "check", "config", PROMETHEUS_CONFIG.toString());

        assertThat(check.exit).as(check.output).isZero();
        assertThat(check.output).contains("SUCCESS");
    }

    @Test
    void everyDashboardQueryParsesAsPromQl() throws Exception {
        // promtool parses PromQL in rule files; Grafana's $__rate_interval becomes a plain range first.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> queries = queries();
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:query_").append(i).append("\n        expr: '")
                    .append(queries.get(i).replace("$__rate_interval", "1m").replace("'", "''")).append("'\n");
        }
        Path file = state.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);

        Result check = run(promtool(), "check", "rules", file.toString());

        assertThat(check.exit).as(check.output).isZero();
        assertThat(check.output).contains("SUCCESS: " + queries.size() + " rules found");
    }

    private String scrapeAfterGoodAndBadRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "dashboard").with(Map.of(
                    "state.dir", state.toString(), EnricherConfig.HTTP_ENABLED, "true",
                    EnricherConfig.HTTP_BIND, "127.0.0.1", EnricherConfig.HTTP_PORT, "0"));
            try (Admin admin = Admin.create(config.clientProperties())) {
                new TopicProvisioner(admin, config).ensureFixedTopics();
            }
            new ReferenceTopicWriter(config.clientProperties(), config.referenceTopic()).write(List.of(new TickerRow(
                    "MU", "Micron", "NASDAQ", "Technology", "Semiconductors", "United States", "equity")), false);
            try (EnricherService service = new EnricherService(config).start()) {
                await("the enricher to be RUNNING", WAIT, () -> service.state() == KafkaStreams.State.RUNNING);
                produce(config, "good", "{\"slug\":\"good\",\"topics\":[\"chips\"],\"body_md\":"
                        + "\"https://robinhood.com/stocks/MU https://robinhood.com/stocks/ZZZZ\"}");
                produce(config, "not-json", "<html>oops</html>");
                produce(config, "not-an-article", "{\"slug\":\"c\",\"topics\":\"chips\"}");
                // A copy, a sighting and two dead letters.
                readAtLeast(config, outputs(config), 4, WAIT);

                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + service.opsPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                return metrics.body();
            }
        }
    }

    /** Each series of the scrape by metric name, as its labels. */
    private static Map<String, List<Map<String, String>>> parse(String scrape) {
        Map<String, List<Map<String, String>>> series = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            Map<String, String> labels = new HashMap<>();
            if (line.charAt(end) == '{') {
                Matcher label = LABEL.matcher(line.substring(end, line.lastIndexOf('}') + 1));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            series.computeIfAbsent(line.substring(0, end), n -> new ArrayList<>()).add(labels);
        }
        return series;
    }

    private static boolean matches(Map<String, String> labels, String matchers) {
        Matcher m = MATCHER.matcher(matchers);
        while (m.find()) {
            String value = labels.getOrDefault(m.group(1), "");
            boolean ok = switch (m.group(2)) {
                case "=" -> value.equals(m.group(3));
                case "!=" -> !value.equals(m.group(3));
                case "=~" -> value.matches(m.group(3));
                default -> !value.matches(m.group(3));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The metric names of a PromQL expression: identifiers that are not functions, keywords, labels or ranges. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll(GROUPING.pattern(), " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher id = IDENTIFIER.matcher(bare);
        while (id.find()) {
            if (!KEYWORDS.contains(id.group())) {
                names.add(id.group());
            }
        }
        return names;
    }

    private static Set<String> groupingLabels(String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher grouping = GROUPING.matcher(expr);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank() && !TARGET_LABELS.contains(label.trim())) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }

    private static JsonNode dashboard() throws IOException {
        return Json.MAPPER.readTree(DASHBOARD.toFile());
    }

    private static List<String> queries() throws IOException {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            panel.get("targets").forEach(t -> queries.add(t.get("expr").textValue()));
        }
        assertThat(queries).isNotEmpty();
        return queries;
    }

    private static JsonNode panelQuerying(String metric) throws IOException {
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                if (metricNames(target.get("expr").textValue()).contains(metric)) {
                    return panel;
                }
            }
        }
        throw new AssertionError("No panel queries " + metric);
    }

    private static Path promtool() {
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty() && System.getenv("CI") != null) {
            fail("promtool is not on the PATH: .ci/run takes it from Debian's prometheus package");
        }
        assumeTrue(found.isPresent(), "promtool is not on the PATH (Debian package prometheus; .ci/run provides it)");
        return found.get();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(tool + " did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
