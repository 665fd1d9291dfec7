package news.enricher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.deadletter.DeadLetterLog;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.json.Json;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputComparison;
import news.enricher.offline.OutputRecord;
import news.enricher.provision.TopicProvisioner;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerRow;
import news.enricher.service.EnricherService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts an embedded Kafka broker, loads the tickers, starts the enricher, produces the bundled "
                + "sample articles (the seed article among them) and prints what arrives on each topic."})
final class DemoCommand implements Callable<Integer> {

    static final String SAMPLES = "/samples/articles.jsonl";

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT120S",
            description = "How long to wait for every expected record (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--full", description = "Print every enriched event in full (default: a summary line each, "
            + "and the first seed-article copy in full).")
    boolean full;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        byte[] samples = samples();
        List<TickerRow> tickers = ReferenceTable.load(null);
        Path work = Files.createTempDirectory("news-enricher-demo");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("kafka")).build()) {
            broker.start();
            out.printf("Embedded Kafka broker (KRaft, Apache Kafka 4.4) running at %s%n", broker.bootstrapServers());
            EnricherConfig config = EnricherConfig.defaults()
                    .with(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())
                    .with(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams").toString())
                    .with(EnricherConfig.HTTP_ENABLED, "false")
                    // The samples span months of crawls. Spread over six partitions, which of them a task's stream
                    // time leaves behind the default grace depends on the partitioning, which the offline run (one
                    // partition) cannot predict; with a grace that covers them all, every count is comparable.
                    .with(Map.of(EnricherConfig.TRENDS_GRACE, "P365D", EnricherConfig.TRENDS_RETENTION, "P366D"));

            List<OutputRecord> predicted = expectedOutputs(config, tickers, samples);
            // The trend counts are compared as what they end at: the live run sends them at commits, coalesced.
            List<OutputRecord> expected = predicted.stream()
                    .filter(r -> !r.topic().equals(config.trendsTopic())).toList();
            Map<String, JsonNode> expectedTrends = TrendCounts.latest(predicted.stream()
                    .filter(r -> r.topic().equals(config.trendsTopic())).toList());
            try (Admin admin = Admin.create(config.clientProperties())) {
                new TopicProvisioner(admin, config).ensureFixedTopics();
            }
            new ReferenceTopicWriter(config.clientProperties(), config.referenceTopic()).write(tickers, false);
            out.printf("Loaded %d tickers into %s%n", tickers.size(), config.referenceTopic());

            try (EnricherService service = new EnricherService(config).start()) {
                awaitRunning(service, Instant.now().plus(timeout));
                int produced = produce(config, samples);
                out.printf("Enricher RUNNING; produced %d sample records to %s%n%n", produced, config.rawTopic());
                out.flush();
                List<ConsumerRecord<String, byte[]>> actual = consume(config, expected, Instant.now().plus(timeout));
                List<String> differences = new ArrayList<>(OutputComparison.differences(expected, actual.stream()
                        .map(r -> new OutputRecord(r.topic(), r.key(), r.value(),
                                OutputRecord.textHeaders(r.headers())))
                        .toList()));
                Map<String, JsonNode> trends = TrendCounts.awaitLatest(config, expectedTrends,
                        Instant.now().plus(timeout));
                differences.addAll(TrendCounts.differences(expectedTrends, trends));
                report(out, config, expected, actual, differences);
                out.printf("%n== %s: %d counts (theme|ticker|window -> articles/mentions)%n", config.trendsTopic(),
                        trends.size());
                trends.forEach((key, value) -> out.printf("   %s -> %d/%d%n", key, value.path("articles").asLong(),
                        value.path("mentions").asLong()));
                if (differences.isEmpty()) {
                    out.printf("Trend counts: each the same as the offline `enrich` predicts (every field except "
                            + "updated_at).%n");
                }
                return differences.isEmpty() ? 0 : 1;
            }
        } finally {
            out.flush();
            deleteTree(work);
        }
    }

    private static byte[] samples() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLES)) {
            if (in == null) {
                throw new IllegalStateException("The jar has no " + SAMPLES);
            }
            return in.readAllBytes();
        }
    }

    /** The offline run of the same topology says exactly what the service must publish. */
    private static List<OutputRecord> expectedOutputs(EnricherConfig config, List<TickerRow> tickers, byte[] samples)
            throws IOException {
        List<OutputRecord> expected = new ArrayList<>();
        // The prediction's dead letters are not news: the live run logs the same ones.
        DeadLetterLog silent = new DeadLetterLog(line -> { }, Clock.systemUTC());
        try (OfflineEnricher offline = new OfflineEnricher(config, tickers, Clock.systemUTC(), silent)) {
            JsonLines.forEach(new ByteArrayInputStream(samples),
                    line -> expected.addAll(offline.enrich(ProduceCommand.articleKey(line), line)));
        }
        return expected;
    }

    private static void awaitRunning(EnricherService service, Instant deadline) throws InterruptedException {
        while (service.state() != KafkaStreams.State.RUNNING) {
            if (Instant.now().isAfter(deadline) || service.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("The enricher did not reach RUNNING (state " + service.state() + ")");
            }
            Thread.sleep(50);
        }
    }

    private static int produce(EnricherConfig config, byte[] samples) throws IOException {
        int[] count = {0};
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.clientProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            JsonLines.forEach(new ByteArrayInputStream(samples), line -> {
                producer.send(new ProducerRecord<>(config.rawTopic(), ProduceCommand.articleKey(line), line));
                count[0]++;
            });
            producer.flush();
        }
        return count[0];
    }

    private static List<ConsumerRecord<String, byte[]>> consume(EnricherConfig config, List<OutputRecord> expected,
                                                                Instant deadline) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "news-enricher-demo");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        // Every topic the enricher publishes to, not only the predicted ones: a record on another theme is a difference.
        Pattern published = Pattern.compile(Pattern.quote(config.themeTopicPrefix()) + ".*|"
                + Pattern.quote(config.unknownTickersTopic()) + "|" + Pattern.quote(config.deadLetterTopic()));
        List<ConsumerRecord<String, byte[]>> actual = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(published);
            while (actual.size() < expected.size() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(actual::add);
            }
            // One more look for anything beyond the prediction that is already committed (a duplicate, say).
            consumer.poll(Duration.ofMillis(500)).forEach(actual::add);
        }
        return actual;
    }

    private void report(PrintWriter out, EnricherConfig config, List<OutputRecord> expected,
                        List<ConsumerRecord<String, byte[]>> actual, List<String> differences) {
        // Partitions interleave differently on every run; show records in the order the offline run produced them.
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            order.putIfAbsent(expected.get(i).topic() + '\u0000' + expected.get(i).key(), i);
        }
        List<ConsumerRecord<String, byte[]>> sorted = new ArrayList<>(actual);
        sorted.sort(java.util.Comparator.comparingInt(r -> order.getOrDefault(r.topic() + '\u0000' + r.key(),
                Integer.MAX_VALUE)));
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new LinkedHashMap<>();
        expected.forEach(e -> byTopic.putIfAbsent(e.topic(), new ArrayList<>()));
        sorted.forEach(r -> byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r));
        // The first sample is the real seed article: its first copy is shown in full.
        String showcase = expected.isEmpty() ? null : expected.get(0).key();
        boolean printedOneInFull = false;
        for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> topic : byTopic.entrySet()) {
            out.printf("== %s (%d record%s)%n", topic.getKey(), topic.getValue().size(),
                    topic.getValue().size() == 1 ? "" : "s");
            for (ConsumerRecord<String, byte[]> r : topic.getValue()) {
                boolean themed = r.topic().startsWith(config.themeTopicPrefix());
                if (themed && (full || (!printedOneInFull && java.util.Objects.equals(r.key(), showcase)))) {
                    out.println(pretty(r.value()));
                    printedOneInFull = true;
                } else {
                    out.println("   " + summary(config, r));
                }
            }
            out.println();
        }
        long themedTopics = byTopic.keySet().stream().filter(t -> t.startsWith(config.themeTopicPrefix())).count();
        if (differences.isEmpty()) {
            out.printf("Demo complete: %d records on %d themed topics plus the unknown-tickers and dead-letter "
                    + "topics, each the same as the offline `enrich` of the same samples predicts (topic, key, value "
                    + "except enriched_at/seen_at, headers and dead-letter reasons).%n", actual.size(), themedTopics);
        } else {
            out.printf("Demo FAILED: expected %d records, saw %d within %s; %d difference%s from the offline `enrich` "
                    + "of the same samples:%n", expected.size(), actual.size(), timeout, differences.size(),
                    differences.size() == 1 ? "" : "s");
            differences.forEach(d -> out.println("  " + d));
        }
    }

    private static String summary(EnricherConfig config, ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals(config.deadLetterTopic())) {
            var reason = r.headers().lastHeader("__streams.errors.message");
            return "key=" + r.key() + "  dead-lettered: "
                    + (reason == null ? "?" : new String(reason.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            JsonNode v = Json.MAPPER.readTree(r.value());
            if (r.topic().equals(config.unknownTickersTopic())) {
                return "key=" + r.key() + "  unknown ticker in article " + v.path("article_id").asText();
            }
            List<String> tickers = new ArrayList<>();
            v.path("tickers").forEach(t -> tickers.add(t.path("symbol").asText() + " (" + t.path("name").asText()
                    + ")"));
            return "key=" + r.key() + "  \"" + v.path("title").asText() + "\"  tickers: " + String.join(", ", tickers)
                    + (v.path("unknown_tickers").isEmpty() ? "" : "  unknown: " + v.path("unknown_tickers")
                    .findValuesAsText("symbol"));
        } catch (IOException e) {
            return "key=" + r.key() + "  (not JSON)";
        }
    }

    private static String pretty(byte[] json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node.has("body_md") && node.get("body_md").asText().length() > 200) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("body_md",
                        node.get("body_md").asText().substring(0, 200) + "… (shortened for display)");
            }
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Only a temp directory is left behind.
        }
    }
}
