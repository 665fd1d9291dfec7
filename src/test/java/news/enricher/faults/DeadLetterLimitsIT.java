package news.enricher.faults;

import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static news.enricher.testkit.KafkaTestKit.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Product bugs the fault suite found, as failing tests. They are off by default so that `mvn verify` stays green
 * until they are fixed; run them with {@code -Dfaults.bugs=true} (the {@code faults} profile does). Remove the
 * condition of a test when its bug is fixed.
 */
@EnabledIfSystemProperty(named = "faults.bugs", matches = "true")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KnownProductBugsIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = FaultBroker.start(null);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * The broker checks max.message.bytes against the compressed batch, the enricher's producer checks
     * max.request.size against the uncompressed record. A crawler that compresses can get a record into the raw topic
     * whose dead letter (original bytes + headers) the enricher's producer then refuses; the stream thread dies,
     * and a restarted instance dies again on the same record.
     */
    @Test
    void aCompressedRecordTooLargeOnceDecompressedIsDeadLetteredAndTheEnricherKeepsRunning() throws Exception {
        try (FaultRun run = new FaultRun("bug-compressed-oversize", broker, StreamsConfig.EXACTLY_ONCE_V2,
                Map.of())) {
            run.provision(Scenarios.TABLE);
            EnricherProcess instance = run.fleet().add().start().awaitRunning(Scenarios.START);
            String body = "lorem ipsum dolor sit amet ".repeat(12 * 1024 * 1024 / 27);
            String big = "{\"slug\":\"squeezed\",\"topics\":[\"macro\"],\"body_md\":\"" + body + "\"}";
            Map<String, Object> props = new HashMap<>(run.config().clientProperties());
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024);
            props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
            try (KafkaProducer<String, byte[]> crawler = new KafkaProducer<>(props, new StringSerializer(),
                    new ByteArraySerializer())) {
                // Accepted: 12 MB of text is ~40 KB once gzipped, far under the raw topic's 8 MiB.
                crawler.send(new ProducerRecord<>(run.config().rawTopic(), "squeezed",
                        big.getBytes(StandardCharsets.UTF_8))).get();
                crawler.send(new ProducerRecord<>(run.config().rawTopic(), "after",
                        "{\"slug\":\"after\",\"topics\":[\"macro\"]}".getBytes(StandardCharsets.UTF_8))).get();
            }
            EnricherConfig config = run.config();
            List<ConsumerRecord<String, byte[]>> out = readUntil(config, Pattern.compile(Pattern.quote(
                            config.deadLetterTopic()) + "|" + Pattern.quote(config.themeTopic("macro"))),
                    r -> r.size() >= 2 || !instance.alive(), Duration.ofSeconds(90), Duration.ofSeconds(1));

            assertThat(instance.alive()).as("the enricher is still alive (state " + instance.state() + ", log "
                    + instance.log() + ")").isTrue();
            assertThat(out).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("squeezed", "after");
        }
    }

    /**
     * README: input that is not UTF-8 is dead-lettered. Jackson's byte parser decodes the overlong 2-byte form
     * C0 AF as '/', so such an article is published (and the overlong '/' could smuggle a robinhood path past a
     * byte-level filter).
     */
    @Test
    void anOverlongUtf8SequenceIsDeadLetteredAsNotUtf8() {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes("{\"slug\":\"overlong\",\"topics\":[\"macro\"],\"body_md\":\"robinhood.com".getBytes(
                StandardCharsets.US_ASCII));
        value.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
        value.writeBytes("stocks/MU\"}".getBytes(StandardCharsets.US_ASCII));
        try (OfflineEnricher offline = new OfflineEnricher(EnricherConfig.defaults(), Scenarios.TABLE,
                Clock.systemUTC())) {
            List<OutputRecord> out = offline.enrich("overlong", value.toByteArray());

            assertThat(out).extracting(OutputRecord::topic).containsExactly(EnricherConfig.defaults()
                    .deadLetterTopic());
        }
    }
}
