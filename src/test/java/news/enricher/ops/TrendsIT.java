package news.enricher.ops;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.cli.Main;
import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.json.Json;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerRow;
import news.enricher.service.EnricherService;
import news.enricher.testkit.Articles;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static news.enricher.testkit.KafkaTestKit.await;
import static news.enricher.testkit.KafkaTestKit.isolatedConfig;
import static news.enricher.testkit.KafkaTestKit.produce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one application on a real broker: each answers every trends query alone, the same as the other;
 * the page shows in a real headless browser what the API answers; the CLI prints it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TrendsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String H12 = "2026-06-23T12:00:00Z";
    private static final String H13 = "2026-06-23T13:00:00Z";
    /** What the articles below count to, per theme|symbol|window: articles, mentions. */
    private static final Map<String, List<Long>> EXPECTED = Map.of(
            "ai-chips|MU|" + H13, List.of(12L, 12L),
            "ai-chips|NVDA|" + H13, List.of(5L, 5L),
            "ai-chips|ZZZQ|" + H13, List.of(3L, 3L),
            "memory|MU|" + H13, List.of(5L, 10L),
            "ai-chips|MU|" + H12, List.of(4L, 4L));

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafkaBroker broker;
    private EnricherService first;
    private EnricherService second;

    @BeforeAll
    void startTwoInstances(@TempDir Path dir) throws Exception {
        broker = EmbeddedKafkaBroker.builder().build().start();
        EnricherConfig config = isolatedConfig(broker.bootstrapServers(), "trends").with(Map.of(
                EnricherConfig.HTTP_ENABLED, "true", EnricherConfig.HTTP_PORT, "0",
                EnricherConfig.HTTP_BIND, "127.0.0.1"));
        new ReferenceTopicWriter(config.clientProperties(), config.referenceTopic()).write(List.of(
                new TickerRow("MU", "Micron Technology", "NASDAQ", null, null, null, TickerRow.EQUITY),
                new TickerRow("NVDA", "NVIDIA Corporation", "NASDAQ", null, null, null, TickerRow.EQUITY)), true);
        first = started(config.with("state.dir", Files.createDirectories(dir.resolve("a")).toString()));
        second = started(config.with("state.dir", Files.createDirectories(dir.resolve("b")).toString()));

        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        // The earlier window first: a task's stream time closes it 10 minutes after its end.
        for (int i = 1; i <= 4; i++) {
            records.add(article(config, "b" + i, "2026-06-23T12:30:00Z", null, List.of("AI Chips"), "MU"));
        }
        for (int i = 1; i <= 12; i++) {
            List<String> symbols = new ArrayList<>(List.of("MU"));
            if (i <= 6) {
                symbols.add("NVDA");
            }
            if (i <= 3) {
                symbols.add("ZZZQ");
            }
            records.add(article(config, "a" + i, "2026-06-23T13:0" + (i % 10) + ":00Z", "2026-06-24T00:00:00Z",
                    List.of("AI Chips"), symbols.toArray(String[]::new)));
        }
        for (int i = 1; i <= 5; i++) {
            records.add(article(config, "m" + i, "2026-06-23T13:05:00Z", null, List.of("Memory"), "MU", "MU"));
        }
        // A correction that no longer mentions NVDA: ai-chips|NVDA goes from 6 to 5.
        records.add(article(config, "a1", "2026-06-23T13:01:00Z", "2026-06-24T01:00:00Z", List.of("AI Chips"),
                "MU", "ZZZQ"));
        produce(config, config.rawTopic(), records);
    }

    private static ProducerRecord<String, byte[]> article(EnricherConfig config, String id, String publishedAt,
                                                          String updatedAt, List<String> topics, String... symbols) {
        return new ProducerRecord<>(config.rawTopic(), id, Articles.linking(id, publishedAt, updatedAt, topics,
                symbols).getBytes(StandardCharsets.UTF_8));
    }

    private static EnricherService started(EnricherConfig config) {
        EnricherService service = new EnricherService(config).start();
        await("an enricher to be RUNNING", WAIT, () -> service.state() == KafkaStreams.State.RUNNING);
        return service;
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {first, second, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    @Test
    void bothInstancesAnswerEveryQueryWithTheSameCounts() throws Exception {
        awaitCounts(first);
        awaitCounts(second);
        List<String> queries = List.of("/trends/top?theme=ai-chips&limit=10&history=24", "/trends/top?theme=memory",
                "/trends/top?theme=ai-chips&window=" + H12, "/trends/ticker/MU", "/trends/ticker/mu?theme=ai-chips&last=2",
                "/trends/unknown", "/trends/themes");
        for (String query : queries) {
            HttpResponse<String> a = get(first, query);
            HttpResponse<String> b = get(second, query);
            assertThat(a.statusCode()).as(query).isEqualTo(200);
            assertThat(b.body()).as(query).isEqualTo(a.body());
        }

        JsonNode top = Json.MAPPER.readTree(get(first, queries.get(0)).body());
        assertThat(top.get("window_start").textValue()).isEqualTo(H13);
        assertThat(top.get("tickers").findValuesAsText("symbol")).containsExactly("MU", "NVDA", "ZZZQ");
        assertThat(top.get("tickers").get(0).get("history").get(22).longValue()).isEqualTo(4);
        JsonNode ticker = Json.MAPPER.readTree(get(first, "/trends/ticker/MU?theme=ai-chips&last=2").body());
        assertThat(ticker.get("windows").findValuesAsText("window_start")).containsExactly(H12, H13);
        JsonNode unknown = Json.MAPPER.readTree(get(second, "/trends/unknown").body());
        assertThat(unknown.get("symbols").findValuesAsText("symbol")).containsExactly("ZZZQ");
        JsonNode themes = Json.MAPPER.readTree(get(second, "/trends/themes").body());
        assertThat(themes.get("themes").findValuesAsText("theme")).containsExactly("ai-chips", "memory");
    }

    @Test
    void aBadParameterIsA400ThatSaysWhatIsWrong() throws Exception {
        HttpResponse<String> response = get(first, "/trends/top?theme=ai-chips&limit=lots");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(Json.MAPPER.readTree(response.body()).get("error").textValue())
                .isEqualTo("parameter 'limit' must be a whole number, was 'lots'");
    }

    @Test
    void theCliPrintsTheTopTheApiAnswers() throws Exception {
        awaitCounts(second);
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("trends", "--theme", "ai-chips", "--url", "http://127.0.0.1:" + second.opsPort());

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo(news.enricher.cli.TrendsTable.render(Json.MAPPER.readTree(
                get(second, "/trends/top?theme=ai-chips&window=current&limit=10&history=24").body())));
    }

    @Test
    void thePageShowsWhatTheApiAnswersInARealBrowser() throws Exception {
        awaitCounts(first);
        String dom = headlessChromium("http://127.0.0.1:" + first.opsPort() + "/");

        assertThat(dom).contains("data-loaded=").doesNotContain("data-error=");
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher rows = Pattern.compile("<tr data-theme=\"([^\"]+)\" data-symbol=\"([^\"]+)\" data-articles=\"(\\d+)\""
                + " data-mentions=\"(\\d+)\">.*?data-history=\"([0-9,]*)\"").matcher(dom);
        while (rows.find()) {
            shown.put(rows.group(1) + "|" + rows.group(2), rows.group(3) + "/" + rows.group(4) + "/" + rows.group(5));
        }
        Map<String, String> answered = new LinkedHashMap<>();
        for (String theme : List.of("ai-chips", "memory")) {
            JsonNode top = Json.MAPPER.readTree(get(first, "/trends/top?theme=" + theme + "&limit=10&history=24")
                    .body());
            for (JsonNode t : top.get("tickers")) {
                List<String> history = new ArrayList<>();
                t.get("history").forEach(h -> history.add(h.asText()));
                answered.put(theme + "|" + t.get("symbol").textValue(), t.get("articles").asText() + "/"
                        + t.get("mentions").asText() + "/" + String.join(",", history));
            }
        }
        assertThat(shown).isEqualTo(answered);
        Matcher unknown = Pattern.compile("<tr data-unknown=\"([^\"]+)\" data-articles=\"(\\d+)\">").matcher(dom);
        assertThat(unknown.find()).isTrue();
        assertThat(unknown.group(1) + "/" + unknown.group(2)).isEqualTo("ZZZQ/3");
        assertThat(unknown.find()).isFalse();
    }

    /** Polls until {@code service} serves the counts the articles add up to. */
    private void awaitCounts(EnricherService service) {
        await("the expected counts on port " + service.opsPort(), WAIT, () -> {
            try {
                Map<String, List<Long>> seen = new LinkedHashMap<>();
                for (String q : List.of("/trends/top?theme=ai-chips", "/trends/top?theme=memory",
                        "/trends/top?theme=ai-chips&window=" + H12)) {
                    HttpResponse<String> r = get(service, q);
                    if (r.statusCode() != 200) {
                        return false;
                    }
                    JsonNode top = Json.MAPPER.readTree(r.body());
                    for (JsonNode t : top.path("tickers")) {
                        seen.put(top.get("theme").textValue() + "|" + t.get("symbol").textValue() + "|"
                                + top.get("window_start").textValue(),
                                List.of(t.get("articles").longValue(), t.get("mentions").longValue()));
                    }
                }
                return seen.equals(EXPECTED);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private HttpResponse<String> get(EnricherService service, String pathAndQuery) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.opsPort()
                    + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The page's DOM once its scripts have run, from Debian's chromium (which .ci/run installs). */
    private static String headlessChromium(String url) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assertThat(chromium).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").exists();
        Path profile = Files.createTempDirectory("trends-chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=4000", "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium exited").isTrue();
        assertThat(p.exitValue()).as("chromium's exit code").isZero();
        return dom;
    }
}
