package news.enricher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.testkit.JarProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static news.enricher.testkit.KafkaTestKit.await;
import static news.enricher.testkit.KafkaTestKit.produce;
import static news.enricher.testkit.KafkaTestKit.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** `run` as users start it: the jar in its own JVM, embedded broker, real signals and exit codes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunCommandIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void startsAnEmbeddedBrokerEnrichesAndStopsCleanlyOnSigterm() throws Exception {
        int kafkaPort = JarProcess.freePort();
        int httpPort = JarProcess.freePort();
        Map<String, String> env = Map.of(
                "ENRICHER_EMBEDDED_PORT", String.valueOf(kafkaPort),
                "ENRICHER_HTTP_PORT", String.valueOf(httpPort));
        EnricherConfig client = EnricherConfig.defaults().with("bootstrap.servers", "127.0.0.1:" + kafkaPort);
        String seed = Json.MAPPER.writeValueAsString(
                Json.MAPPER.readTree(Path.of("src/test/resources/samples/seed-article.json").toFile()));
        String slug = Json.MAPPER.readTree(seed).get("slug").textValue();

        try (JarProcess run = JarProcess.start(work, env, "run")) {
            awaitHealthy(run, httpPort);
            assertThat(firstLogLine(run)).contains("No bootstrap.servers configured")
                    .contains("embedded Kafka broker").contains(String.valueOf(kafkaPort));
            loadTickers(kafkaPort);
            produce(client, slug, seed);
            // Themed copies only: tickers loaded a moment ago may still be reaching the global table, in which case
            // some come out as unknown-ticker sightings; that is not what this test is about.
            List<ConsumerRecord<String, byte[]>> out = readUntil(client, themed(client), r -> r.size() >= 5, WAIT,
                    Duration.ofSeconds(1));
            assertThat(out).hasSize(5).allSatisfy(r -> assertThat(r.key()).isEqualTo(slug));

            run.terminate();
            assertThat(run.awaitExit(Duration.ofSeconds(60))).as(run.stderr()).isZero();
            assertThat(run.stderr()).contains("Stopped cleanly").doesNotContain("Exception in thread");
        }
        assertThat(work.resolve("data/kafka-logs")).isDirectory();

        // The same directory again: the broker keeps its data, and nothing already done is published again.
        try (JarProcess again = JarProcess.start(work, env, "run")) {
            awaitHealthy(again, httpPort);
            produce(client, "after-restart", "{\"slug\":\"after-restart\",\"topics\":[\"ai-chips\"]}");
            List<ConsumerRecord<String, byte[]>> out = readUntil(client, themed(client), r -> r.size() >= 6, WAIT,
                    Duration.ofSeconds(2));
            assertThat(out).hasSize(6);
            assertThat(out).filteredOn(r -> r.key().equals(slug)).hasSize(5);
            JsonNode last = Json.MAPPER.readTree(out.get(5).value());
            assertThat(last.get("slug").textValue()).isEqualTo("after-restart");
            again.terminate();
            assertThat(again.awaitExit(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void exitsNonZeroWithAClearMessageWhenTheClusterIsUnreachable() {
        int nothingListens = JarProcess.freePort();
        Map<String, String> env = Map.of(
                "ENRICHER_BOOTSTRAP_SERVERS", "127.0.0.1:" + nothingListens,
                "ENRICHER_HTTP_ENABLED", "false",
                "ENRICHER_DEFAULT_API_TIMEOUT_MS", "5000",
                "ENRICHER_REQUEST_TIMEOUT_MS", "3000");

        try (JarProcess run = JarProcess.start(work, env, "run")) {
            int exit = run.awaitExit(Duration.ofSeconds(90));

            assertThat(exit).isEqualTo(2);
            assertThat(run.stderr()).contains("Cannot start the enricher");
        }
    }

    private static Pattern themed(EnricherConfig config) {
        return Pattern.compile(Pattern.quote(config.themeTopicPrefix()) + ".*");
    }

    private static void loadTickers(int kafkaPort) {
        int exit = Main.commandLine().execute("load-tickers", "--bootstrap-servers", "127.0.0.1:" + kafkaPort);
        assertThat(exit).isZero();
    }

    private static void awaitHealthy(JarProcess run, int httpPort) {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + httpPort + "/health");
        await("/health 200 from the child JVM", WAIT, () -> {
            assertThat(run.isAlive()).as("process died: %s", run.stderr()).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    private static String firstLogLine(JarProcess run) {
        return run.stderr().lines().findFirst().orElse("");
    }

}
