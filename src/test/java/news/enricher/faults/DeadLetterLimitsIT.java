package news.enricher.faults;

import news.enricher.config.EnricherConfig;
import news.enricher.deadletter.DeadLetterFit;
import news.enricher.deadletter.DeadLetterProductionHandler;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static news.enricher.testkit.KafkaTestKit.outputs;
import static news.enricher.testkit.KafkaTestKit.readUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Input that passes the broker's checks but whose dead letter would not: found by the fault suite as a way to stop
 * the enricher on one record, after every restart.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeadLetterLimitsIT {

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    /**
     * The broker checks max.message.bytes against the compressed batch, the enricher's producer checks
     * max.request.size against the uncompressed record. 12 MB of text gzips to ~40 KB, so a compressing crawler
     * gets it into the raw topic; its whole dead letter would be refused, and before the fix the stream thread died
     * on it after every restart.
     */
    @Test
    void deadLettersARecordTooLargeOnceDecompressedAndKeepsRunning() throws Exception {
        try (FaultRun run = new FaultRun("compressed-oversize", BROKER.broker(), StreamsConfig.EXACTLY_ONCE_V2, Map.of())) {
            run.provision(Scenarios.TABLE);
            EnricherProcess instance = run.fleet().add().start().awaitRunning(Scenarios.START);
            String body = "lorem ipsum dolor sit amet ".repeat(12 * 1024 * 1024 / 27);
            byte[] big = ("{\"slug\":\"squeezed\",\"topics\":[\"macro\"],\"body_md\":\"" + body + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            // Accepted: 12 MB of text is ~40 KB once gzipped, far under the raw topic's 8 MiB.
            send(run.config(), "gzip", "squeezed", big);
            EnricherConfig config = run.config();
            List<ConsumerRecord<String, byte[]>> out = readUntil(config, outputs(config),
                    r -> r.size() >= 2 || !instance.alive(), Duration.ofSeconds(90), Duration.ofSeconds(1));

            assertThat(instance.alive()).as("the enricher is still alive (state " + instance.state() + ", log "
                    + instance.log() + ")").isTrue();
            assertThat(out).extracting(ConsumerRecord::topic, ConsumerRecord::key).containsExactlyInAnyOrder(
                    tuple(config.deadLetterTopic(), "squeezed"),
                    tuple(config.themeTopic("macro"), "after"));
            ConsumerRecord<String, byte[]> dead = out.stream()
                    .filter(r -> r.topic().equals(config.deadLetterTopic())).findFirst().orElseThrow();
            assertThat(header(dead, "__streams.errors.message")).contains("over the limit of "
                    + config.topicMaxMessageBytes() + " bytes");
            assertThat(header(dead, DeadLetterFit.TRUNCATED)).isEqualTo("value");
            assertThat(header(dead, DeadLetterFit.ORIGINAL_VALUE_BYTES)).isEqualTo(String.valueOf(big.length));
            assertThat(big).startsWith(dead.value());
            assertThat(dead.value().length).isGreaterThan(config.topicMaxMessageBytes());
        }
    }

    /**
     * A dead-letter topic that already existed with a smaller max.message.bytes than the enricher's producer allows
     * would refuse a large dead letter at the BROKER.broker(), which under exactly-once fails the transaction and stops the
     * stream thread. The service reads the topic's limit at start and cuts dead letters to it.
     */
    @Test
    void cutsDeadLettersToTheLimitOfAnExistingSmallerDeadLetterTopic() throws Exception {
        try (FaultRun run = new FaultRun("small-dlq-topic", BROKER.broker(), StreamsConfig.EXACTLY_ONCE_V2, Map.of())) {
            EnricherConfig config = run.config();
            try (Admin admin = Admin.create(config.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(config.deadLetterTopic(), 1, (short) 1)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(1024 * 1024)))))
                        .all().get();
            }
            run.provision(Scenarios.TABLE);
            EnricherProcess instance = run.fleet().add().start().awaitRunning(Scenarios.START);
            // Under the raw topic's 8 MiB but over the dead-letter topic's 1 MiB even lz4-compressed, as the
            // enricher's producer sends it; and invalid (title not a string).
            byte[] invalid = ("{\"slug\":\"wide\",\"title\":7,\"body_md\":\"" + randomLetters(3 * 1024 * 1024)
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            send(config, "none", "wide", invalid);
            List<ConsumerRecord<String, byte[]>> out = readUntil(config, outputs(config),
                    r -> r.size() >= 2 || !instance.alive(), Duration.ofSeconds(90), Duration.ofSeconds(1));

            assertThat(instance.alive()).as("the enricher is still alive (log " + instance.log() + ")").isTrue();
            assertThat(out).extracting(ConsumerRecord::topic, ConsumerRecord::key).containsExactlyInAnyOrder(
                    tuple(config.deadLetterTopic(), "wide"),
                    tuple(config.themeTopic("macro"), "after"));
            ConsumerRecord<String, byte[]> dead = out.stream()
                    .filter(r -> r.topic().equals(config.deadLetterTopic())).findFirst().orElseThrow();
            assertThat(dead.value().length).isBetween(512 * 1024, 1024 * 1024);
            assertThat(header(dead, DeadLetterFit.TRUNCATED)).isEqualTo("value");
            assertThat(header(dead, DeadLetterProductionHandler.REDUCED)).isNull();
            assertThat(instance.log()).content().contains("Dead-letter topic " + config.deadLetterTopic()
                    + " takes records of at most 1048576 bytes");
            assertThat(header(dead, "__streams.errors.exception"))
                    .isEqualTo("news.enricher.article.InvalidArticleException");
            assertThat(header(dead, DeadLetterFit.ORIGINAL_VALUE_BYTES)).isEqualTo(String.valueOf(invalid.length));
            assertThat(invalid).startsWith(dead.value());
        }
    }

    /** Sends {@code value} as a crawler would, then a good article keyed "after" that must still be published. */
    private static void send(EnricherConfig config, String compression, String key, byte[] value) throws Exception {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        try (KafkaProducer<String, byte[]> crawler = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            crawler.send(new ProducerRecord<>(config.rawTopic(), key, value)).get();
            crawler.send(new ProducerRecord<>(config.rawTopic(), "after",
                    "{\"slug\":\"after\",\"topics\":[\"macro\"]}".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static String randomLetters(int length) {
        Random random = new Random(length);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
