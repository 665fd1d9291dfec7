package news.enricher.service;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.json.Json;
import news.enricher.provision.TopicProvisioner;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerRow;
import news.enricher.testkit.JarProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static news.enricher.testkit.KafkaTestKit.await;
import static news.enricher.testkit.KafkaTestKit.isolatedConfig;
import static news.enricher.testkit.KafkaTestKit.outputs;
import static news.enricher.testkit.KafkaTestKit.produce;
import static news.enricher.testkit.KafkaTestKit.readAtLeast;
import static org.assertj.core.api.Assertions.assertThat;

/** A broker that only accepts SASL/PLAIN clients: credentials pass through configuration, never into logs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SaslIT {

    private static final String USER = "enricher";
    private static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().saslPlain(Map.of(USER, PASSWORD)).build().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static EnricherConfig secured(EnricherConfig base, String password) {
        return base.with(Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", EmbeddedKafkaBroker.plainJaasConfig(USER, password)));
    }

    @Test
    void enrichesEndToEndWithCorrectCredentials(@TempDir Path state) throws Exception {
        EnricherConfig config = secured(isolatedConfig(broker.bootstrapServers(), "sasl"), PASSWORD)
                .with("state.dir", state.toString());
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin, config).ensureFixedTopics();
        }
        new ReferenceTopicWriter(config.clientProperties(), config.referenceTopic()).write(List.of(new TickerRow(
                "MU", "Micron Technology", "NASDAQ", "Technology", "Semiconductors", "United States", "equity")), false);

        try (EnricherService service = new EnricherService(config).start()) {
            await("RUNNING", WAIT, () -> service.state() == KafkaStreams.State.RUNNING);
            produce(config, "s", "{\"slug\":\"s\",\"topics\":[\"secure\"],"
                    + "\"body_md\":\"[Micron](https://robinhood.com/stocks/MU)\"}");

            List<ConsumerRecord<String, byte[]>> out = readAtLeast(config, outputs(config), 1, WAIT);

            assertThat(out).singleElement().satisfies(r -> {
                assertThat(r.topic()).isEqualTo(config.themeTopic("secure"));
                JsonNode value = Json.MAPPER.readTree(r.value());
                assertThat(value.get("tickers").get(0).get("name").textValue()).isEqualTo("Micron Technology");
            });
        }
    }

    @Test
    void failsFastWithAClearMessageAndNonZeroExitOnWrongCredentials(@TempDir Path work) {
        Map<String, String> env = Map.of(
                "ENRICHER_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ENRICHER_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "ENRICHER_SASL_MECHANISM", "PLAIN",
                "ENRICHER_SASL_JAAS_CONFIG", EmbeddedKafkaBroker.plainJaasConfig(USER, "wrong-" + PASSWORD),
                "ENRICHER_HTTP_ENABLED", "false");

        try (JarProcess run = JarProcess.start(work, env, "run")) {
            int exit = run.awaitExit(Duration.ofSeconds(60));

            assertThat(exit).isEqualTo(2);
            assertThat(run.stderr())
                    .contains("Cannot start the enricher")
                    .containsIgnoringCase("authentication")
                    .doesNotContain(PASSWORD);
        }
    }
}
