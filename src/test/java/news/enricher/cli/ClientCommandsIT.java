package news.enricher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.json.Json;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.service.EnricherService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static news.enricher.testkit.KafkaTestKit.await;
import static news.enricher.testkit.KafkaTestKit.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** load-tickers, produce and tail against a real broker, driven through the command line. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientCommandsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().brokerProperty("auto.create.topics.enable", "false").build().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void loadsTheTableAndPrunesSymbolsNoLongerInTheFile() throws Exception {
        EnricherConfig config = EnricherConfig.defaults().with("bootstrap.servers", broker.bootstrapServers());
        Path small = dir.resolve("small.csv");
        Files.writeString(small, "symbol,name,exchange,sector,industry,country,asset_class\n"
                + "MU,Micron Technology,NASDAQ,Technology,Semiconductors,United States,equity\n"
                + "BTC,Bitcoin,,,Cryptocurrency,,crypto\n");

        String full = run("load-tickers", "--bootstrap-servers", broker.bootstrapServers());
        String pruned = run("load-tickers", "--bootstrap-servers", broker.bootstrapServers(), "--file",
                small.toString(), "--prune");

        assertThat(full).contains("Loaded 6889 tickers into " + config.referenceTopic());
        assertThat(pruned).contains("Loaded 2 tickers").contains("deleted 6887");
        assertThat(new ReferenceTopicWriter(config.clientProperties(), config.referenceTopic()).liveKeys())
                .containsExactlyInAnyOrder("MU", "crypto:BTC");
    }

    @Test
    void producesKeyedArticlesAndTailsTheirEnrichedCopies() throws Exception {
        EnricherConfig config = EnricherConfig.defaults().with(java.util.Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "application.id", "client-commands-it",
                "state.dir", dir.resolve("state").toString(),
                EnricherConfig.HTTP_ENABLED, "false"));
        Path articles = dir.resolve("articles.jsonl");
        Files.writeString(articles, String.join("\n",
                "{\"slug\":\"one\",\"topics\":[\"Tail Test\"],\"body_md\":\"https://robinhood.com/stocks/MU\"}",
                "{\"url\":\"https://news.example/two\",\"topics\":[\"tail test\"]}",
                "definitely not json") + "\n");
        run("load-tickers", "--bootstrap-servers", broker.bootstrapServers());

        try (EnricherService service = new EnricherService(config).start()) {
            await("RUNNING", WAIT, () -> service.state() == KafkaStreams.State.RUNNING);
            String produced = run("produce", "--bootstrap-servers", broker.bootstrapServers(), "--file",
                    articles.toString());
            assertThat(produced).contains("Produced 3 records to " + config.rawTopic());

            List<ConsumerRecord<String, byte[]>> raw = readUntil(config,
                    Pattern.compile(Pattern.quote(config.rawTopic())), r -> r.size() >= 3, WAIT, Duration.ZERO);
            assertThat(raw).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("one", "https://news.example/two", null);

            String tailed = run("tail", "--bootstrap-servers", broker.bootstrapServers(), "--theme", "tail-test",
                    "--from-beginning", "--max", "2", "--timeout", "PT60S");
            List<JsonNode> lines = new ArrayList<>();
            for (String line : tailed.split("\n")) {
                lines.add(Json.MAPPER.readTree(line));
            }
            assertThat(lines).extracting(l -> l.get("key").textValue())
                    .containsExactlyInAnyOrder("one", "https://news.example/two");
            assertThat(lines).allSatisfy(l -> assertThat(l.get("topic").textValue())
                    .isEqualTo(config.themeTopic("tail-test")));
            JsonNode one = lines.stream().filter(l -> l.get("key").textValue().equals("one")).findFirst().orElseThrow();
            assertThat(one.get("value").get("tickers").get(0).get("symbol").textValue()).isEqualTo("MU");
        }
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        assertThat(exit).as("exit of %s: %s", String.join(" ", args), err).isZero();
        return out.toString().trim();
    }
}
