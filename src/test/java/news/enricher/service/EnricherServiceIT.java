package news.enricher.service;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.json.Json;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static news.enricher.testkit.KafkaTestKit.await;
import static news.enricher.testkit.KafkaTestKit.isolatedConfig;
import static news.enricher.testkit.KafkaTestKit.outputs;
import static news.enricher.testkit.KafkaTestKit.produce;
import static news.enricher.testkit.KafkaTestKit.readAtLeast;
import static news.enricher.testkit.KafkaTestKit.readUntil;
import static news.enricher.testkit.KafkaTestKit.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service against a real KRaft broker that, like production clusters, does not auto-create topics. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EnricherServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SEED_TICKERS = List.of("SNDK", "CRDO", "LRCX", "AXTI", "MU", "GLW", "AAOI",
            "WDC", "MRVL", "ARM", "COHR", "ASML", "ANET", "ALAB", "STX");
    private static final List<String> SEED_THEMES = List.of("ai-chips", "ai-startups", "ai-policy",
            "artificial-intelligence", "ai-safety");
    private static final TickerRow MICRON = new TickerRow("MU", "Micron Technology", "NASDAQ", "Technology",
            "Semiconductors", "United States", "equity");

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().brokerProperty("auto.create.topics.enable", "false").build().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static EnricherConfig config(String name, Path stateDir) {
        return isolatedConfig(broker.bootstrapServers(), name).with("state.dir", stateDir.toString());
    }

    private static EnricherService started(EnricherConfig config) {
        EnricherService service = new EnricherService(config).start();
        await("the enricher to be RUNNING", WAIT, () -> service.state() == KafkaStreams.State.RUNNING);
        return service;
    }

    private static void loadReference(EnricherConfig config, List<TickerRow> rows) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            new news.enricher.provision.TopicProvisioner(admin, config).ensureFixedTopics();
        }
        new ReferenceTopicWriter(config.clientProperties(), config.referenceTopic()).write(rows, false);
    }

    @Test
    void enrichesTheSeedArticleFromRawToItsFiveThemedTopics(@TempDir Path state)
            throws Exception {
        EnricherConfig config = config("seed", state);
        loadReference(config, TickerCsv.read(Path.of("config/tickers.csv")));
        String seed = Files.readString(Path.of("src/test/resources/samples/seed-article.json"));
        String slug = Json.MAPPER.readTree(seed).get("slug").textValue();

        try (EnricherService service = started(config)) {
            produce(config, slug, Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(seed)));

            List<ConsumerRecord<String, byte[]>> out = readAtLeast(config, outputs(config), SEED_THEMES.size(), WAIT);

            assertThat(out).extracting(ConsumerRecord::topic).containsExactlyInAnyOrderElementsOf(
                    SEED_THEMES.stream().map(config::themeTopic).toList());
            for (ConsumerRecord<String, byte[]> r : out) {
                assertThat(r.key()).isEqualTo(slug);
                JsonNode value = Json.MAPPER.readTree(r.value());
                assertThat(value.get("tickers").findValuesAsText("symbol")).containsExactlyElementsOf(SEED_TICKERS);
                assertThat(value.get("tickers").findValuesAsText("name")).doesNotContainNull();
                assertThat(value.get("unknown_tickers")).isEmpty();
                assertThat(config.themeTopic(value.get("theme").textValue())).isEqualTo(r.topic());
            }
        }
    }

    @Test
    void seesAReferenceUpdateWithoutRestart(@TempDir Path state) throws Exception {
        EnricherConfig config = config("reference-update", state);
        loadReference(config, List.of(MICRON));
        String body = ",\"topics\":[\"memory\"],\"body_md\":\"[Micron](https://robinhood.com/stocks/MU)\"}";

        try (EnricherService service = started(config)) {
            produce(config, "before", "{\"slug\":\"before\"" + body);
            assertThat(nameOfMu(readAtLeast(config, outputs(config), 1, WAIT).get(0))).isEqualTo(MICRON.name());

            new ReferenceTopicWriter(config.clientProperties(), config.referenceTopic()).write(List.of(new TickerRow(
                    "MU", "Micron Technology (renamed)", "NASDAQ", "Technology", "Semiconductors", "United States",
                    "equity")), false);

            // The global table catches up asynchronously: later articles must see the new row without a restart.
            List<String> names = new ArrayList<>();
            await("an article enriched with the updated row", WAIT, () -> {
                String slug = "after-" + UUID.randomUUID();
                produce(config, slug, "{\"slug\":\"" + slug + "\"" + body);
                List<ConsumerRecord<String, byte[]>> all = readUntil(config, outputs(config),
                        rs -> rs.stream().anyMatch(r -> slug.equals(r.key())), WAIT, Duration.ZERO);
                names.add(nameOfMu(all.stream().filter(r -> slug.equals(r.key())).findFirst().orElseThrow()));
                return names.get(names.size() - 1).equals("Micron Technology (renamed)");
            });
        }
    }

    @Test
    void resumesAfterARestartWithoutRepublishing(@TempDir Path state) {
        EnricherConfig config = config("restart", state);
        loadReference(config, List.of(MICRON));

        try (EnricherService first = started(config)) {
            produce(config, config.rawTopic(), articles(config, 0, 20));
            readAtLeast(config, outputs(config), 20, WAIT);
        }
        try (EnricherService second = started(config)) {
            produce(config, config.rawTopic(), articles(config, 20, 40));
            List<ConsumerRecord<String, byte[]>> all = readUntil(config, outputs(config), r -> r.size() >= 40, WAIT,
                    Duration.ofSeconds(2));

            assertThat(all).hasSize(40);
            Set<String> keys = new HashSet<>();
            all.forEach(r -> keys.add(r.key()));
            assertThat(keys).hasSize(40);
        }
    }

    @Test
    void publishesAnArticleKeyedDifferentlyByTwoCrawlersOnceWhenRekeying(@TempDir Path state) {
        EnricherConfig config = config("rekey", state).with(EnricherConfig.REKEY_BY_ARTICLE_ID, "true");
        loadReference(config, List.of(MICRON));
        String article = "{\"slug\":\"same\",\"topics\":[\"x\"],\"updated_at\":\"2026-06-24T00:00:00Z\"}";

        try (EnricherService service = started(config)) {
            // Explicit partitions: the two copies of one article arrive on different partitions of the raw topic.
            produce(config, config.rawTopic(), List.of(
                    new ProducerRecord<>(config.rawTopic(), 0, "crawler-a", article.getBytes(StandardCharsets.UTF_8)),
                    new ProducerRecord<>(config.rawTopic(), 1, "crawler-b", article.getBytes(StandardCharsets.UTF_8))));

            // Both copies are through once one was published and the other recognised as its re-crawl.
            await("one copy enriched and one skipped as a re-crawl", WAIT,
                    () -> counter(service, "enricher.recrawls.skipped") == 1.0);
            List<ConsumerRecord<String, byte[]>> out = readUntil(config, outputs(config), r -> !r.isEmpty(), WAIT,
                    Duration.ofSeconds(1));

            assertThat(out).extracting(ConsumerRecord::key).containsExactly("same");
            assertThat(counter(service, "enricher.articles.enriched")).isEqualTo(1.0);
        }
    }

    @Test
    void deadLettersABadRecordWithItsReasonWhileGoodOnesFlow(@TempDir Path state) {
        EnricherConfig config = config("dead-letter", state);
        loadReference(config, List.of(MICRON));

        try (EnricherService service = started(config)) {
            produce(config, config.rawTopic(), List.of(
                    raw(config, "good-1", "{\"slug\":\"good-1\",\"topics\":[\"x\"]}"),
                    raw(config, "bad-1", "{\"slug\":\"bad-1\",\"title\":"),
                    raw(config, "bad-2", "{\"slug\":\"bad-2\",\"topics\":\"x\"}"),
                    raw(config, "good-2", "{\"slug\":\"good-2\",\"topics\":[\"x\"]}")));

            List<ConsumerRecord<String, byte[]>> out = readUntil(config, outputs(config), r -> r.size() >= 4, WAIT,
                    Duration.ofSeconds(1));

            assertThat(out).hasSize(4);
            assertThat(out.stream().filter(r -> r.topic().equals(config.themeTopic("x"))).map(ConsumerRecord::key))
                    .containsExactlyInAnyOrder("good-1", "good-2");
            List<ConsumerRecord<String, byte[]>> dead = out.stream()
                    .filter(r -> r.topic().equals(config.deadLetterTopic())).toList();
            assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("bad-1", "bad-2");
            for (ConsumerRecord<String, byte[]> r : dead) {
                assertThat(text(r.headers().lastHeader("__streams.errors.exception").value())).isNotBlank();
                assertThat(text(r.headers().lastHeader("__streams.errors.message").value())).isNotBlank();
                assertThat(text(r.headers().lastHeader("__streams.errors.topic").value()))
                        .isEqualTo(config.rawTopic());
                assertThat(r.headers().lastHeader("__streams.errors.partition")).isNotNull();
                assertThat(r.headers().lastHeader("__streams.errors.offset")).isNotNull();
            }
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void createsATopicForAThemeSeenForTheFirstTimeWithTheThemePartitions(@TempDir Path state) throws Exception {
        EnricherConfig config = config("new-theme", state).with(EnricherConfig.THEME_PARTITIONS, "2");
        loadReference(config, List.of(MICRON));
        String theme = "brand-new-" + UUID.randomUUID().toString().substring(0, 8);

        try (EnricherService service = started(config); Admin admin = Admin.create(config.clientProperties())) {
            assertThat(admin.listTopics().names().get()).doesNotContain(config.themeTopic(theme));

            produce(config, "a", "{\"slug\":\"a\",\"topics\":[\"" + theme.replace('-', ' ') + "\"]}");

            List<ConsumerRecord<String, byte[]>> out = readAtLeast(config,
                    Pattern.compile(Pattern.quote(config.themeTopic(theme))), 1, WAIT);
            assertThat(out).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("a"));
            assertThat(admin.listTopics().names().get()).contains(config.themeTopic(theme));
            Map<String, TopicDescription> described = admin.describeTopics(List.of(config.themeTopic(theme),
                    config.themeTopic(config.fallbackTheme()), config.rawTopic())).allTopicNames().get();
            assertThat(described.get(config.themeTopic(theme)).partitions()).hasSize(2);
            assertThat(described.get(config.themeTopic(config.fallbackTheme())).partitions()).hasSize(2);
            assertThat(described.get(config.rawTopic()).partitions()).hasSize(config.topicPartitions());
        }
    }

    @Test
    void servesHealthAndPrometheusMetrics(@TempDir Path state) throws Exception {
        EnricherConfig config = config("ops", state).with(Map.of(
                EnricherConfig.HTTP_ENABLED, "true", EnricherConfig.HTTP_PORT, "0"));
        loadReference(config, List.of(MICRON));
        HttpClient http = HttpClient.newHttpClient();

        try (EnricherService service = new EnricherService(config).start()) {
            URI health = URI.create("http://127.0.0.1:" + service.opsPort() + "/health");
            await("/health to answer 200", WAIT, () -> status(http, health) == 200);
            produce(config, "m", "{\"slug\":\"m\",\"topics\":[\"chips\"],"
                    + "\"body_md\":\"https://robinhood.com/stocks/MU https://robinhood.com/stocks/NOPEX\"}");
            readAtLeast(config, outputs(config), 2, WAIT);

            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.opsPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics)
                    .contains("enricher_articles_enriched_total{theme=\"chips\"} 1.0")
                    .contains("enricher_unknown_tickers_total 1.0")
                    .contains("kafka_stream_thread_process_latency")
                    .containsPattern("kafka_consumer_fetch_manager_records_lag_max")
                    .contains("enricher_end_to_end_latency_seconds_count 1");
            HttpResponse<String> schema = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + service.opsPort() + "/schemas/enriched-event.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(schema.statusCode()).isEqualTo(200);
            assertThat(schema.body()).contains("\"title\": \"Enriched event\"");
        }
    }

    @Test
    void releasesItsStateDirectoryWhenTheHealthPortIsTaken(@TempDir Path state) throws Exception {
        EnricherConfig base = config("port-taken", state);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EnricherConfig clashing = base.with(Map.of(EnricherConfig.HTTP_ENABLED, "true",
                    EnricherConfig.HTTP_BIND, "127.0.0.1",
                    EnricherConfig.HTTP_PORT, String.valueOf(taken.getLocalPort())));

            assertThatThrownBy(() -> new EnricherService(clashing))
                    .hasMessageContaining("Cannot open the health/metrics port");
        }
        // The failed attempt must not keep the state directory locked: a second client on it starts.
        try (EnricherService service = started(base)) {
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static double counter(EnricherService service, String name) {
        return service.metrics().registry().find(name).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<ProducerRecord<String, byte[]>> articles(EnricherConfig config, int from, int to) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(raw(config, "a-" + i, "{\"slug\":\"a-" + i + "\",\"topics\":[\"x\"],"
                    + "\"body_md\":\"[Micron](https://robinhood.com/stocks/MU)\"}"));
        }
        return records;
    }

    private static ProducerRecord<String, byte[]> raw(EnricherConfig config, String key, String value) {
        return new ProducerRecord<>(config.rawTopic(), key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String nameOfMu(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.MAPPER.readTree(record.value()).get("tickers").get(0).get("name").textValue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
