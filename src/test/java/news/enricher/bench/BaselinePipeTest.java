package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipes get every setting the enricher's Kafka Streams clients get, and write what their input says. */
class BaselinePipeTest {

    private static final Map<String, String> LEG = Map.of(
            "bootstrap.servers", "broker:9092",
            "application.id", "bench-leg",
            EnricherConfig.DEAD_LETTER_TOPIC, "leg.dlq",
            EnricherConfig.UNKNOWN_TICKERS_TOPIC, "leg.unknown",
            EnricherConfig.THEME_TOPIC_PREFIX, "leg.enriched.");
    /**
     * What Kafka Streams hands its clients beyond their own settings (they ignore them): its internal flag, and keys it
     * does not know itself, such as topic.*, main.consumer.* and global.consumer.* (which reach its producer too).
     */
    private static final Set<String> PASSED_THROUGH = Set.of("internal.throw.on.fetch.stable.offset.unsupported",
            "topic.max.message.bytes", "main.consumer.fetch.max.bytes", "global.consumer.fetch.max.wait.ms");

    @Test
    void unprefixedClientSettingsReachThePipesProducerAndConsumer() {
        BaselinePipe pipe = pipe(Map.of("acks", "1", "send.buffer.bytes", "262144", "fetch.min.bytes", "1234",
                "max.poll.records", "77", "processing.guarantee", "at_least_once"));

        Map<String, Object> producer = pipe.producerProperties();
        Map<String, Object> consumer = pipe.consumerProperties();

        assertThat(producer).containsEntry("acks", "1").containsEntry("send.buffer.bytes", "262144");
        assertThat(consumer).containsEntry("fetch.min.bytes", "1234").containsEntry("max.poll.records", "77")
                .containsEntry("send.buffer.bytes", "262144");
        assertOnlyClientSettings(producer, ProducerConfig.configNames());
        assertOnlyClientSettings(consumer, ConsumerConfig.configNames());
    }

    @Test
    void prefixedSettingsWinOverUnprefixedOnesAsInKafkaStreams() {
        BaselinePipe pipe = pipe(Map.of(
                // The enricher's defaults set producer.batch.size and producer.linger.ms: those win.
                "batch.size", "1000", "linger.ms", "50",
                "producer.compression.type", "zstd",
                "fetch.max.bytes", "1", "consumer.fetch.max.bytes", "2", "main.consumer.fetch.max.bytes", "3",
                "max.poll.records", "77", "consumer.max.poll.records", "88",
                "processing.guarantee", "exactly_once_v2"));

        Map<String, Object> producer = pipe.producerProperties();
        Map<String, Object> consumer = pipe.consumerProperties();

        assertThat(producer).containsEntry("batch.size", String.valueOf(256 * 1024)).containsEntry("linger.ms", "5")
                .containsEntry("compression.type", "zstd");
        assertThat(consumer).containsEntry("fetch.max.bytes", "3").containsEntry("max.poll.records", "88");
        assertOnlyClientSettings(producer, ProducerConfig.configNames());
        assertOnlyClientSettings(consumer, ConsumerConfig.configNames());
    }

    @Test
    void kafkaStreamsOwnClientDefaultsApplyToThePipe() {
        BaselinePipe alos = pipe(Map.of("processing.guarantee", "at_least_once"));
        BaselinePipe eos = pipe(Map.of("processing.guarantee", "exactly_once_v2"));

        assertThat(alos.consumerProperties()).containsEntry("max.poll.records", "1000")
                .containsEntry("auto.offset.reset", "earliest").containsEntry("enable.auto.commit", "false")
                .containsEntry("group.id", "bench-leg").containsEntry("client.id", "bench-leg-pipe-1-consumer")
                .doesNotContainKeys("isolation.level", "partition.assignment.strategy", "application.id");
        assertThat(alos.producerProperties()).doesNotContainKeys("transactional.id", "transaction.timeout.ms");
        assertThat(eos.consumerProperties()).containsEntry("isolation.level", "read_committed")
                .doesNotContainKeys("partition.assignment.strategy", "application.id");
        assertThat(eos.producerProperties()).containsEntry("transactional.id", "bench-leg-pipe-1")
                .containsEntry("enable.idempotence", true).containsEntry("transaction.timeout.ms", 10000)
                .containsEntry("client.id", "bench-leg-pipe-1-producer");
    }

    @Test
    void commitIntervalAndStreamThreadsComeFromTheSameSettings() {
        EnricherConfig defaults = config(Map.of("processing.guarantee", "exactly_once_v2"));
        EnricherConfig set = config(Map.of("processing.guarantee", "exactly_once_v2", "commit.interval.ms", "55",
                "num.stream.threads", "3"));

        assertThat(BaselinePipe.commitIntervalMs(defaults)).isEqualTo(100);
        assertThat(BaselinePipe.threads(defaults)).isEqualTo(1);
        assertThat(BaselinePipe.commitIntervalMs(set)).isEqualTo(55);
        assertThat(BaselinePipe.threads(set)).isEqualTo(3);
    }

    @Test
    void theSameBytesPipeWritesEveryPlannedOutputWithThePlannedSizes() {
        BaselinePipe pipe = new BaselinePipe(config(Map.of()), BaselinePipe.Output.SAME_BYTES, 1, t -> { }, () -> { });
        byte[] key = "an-article".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{\"slug\":\"an-article\",\"body_md\":\"0123456789\"}".getBytes(StandardCharsets.UTF_8);
        String plan = "c:10:60,t:ai-chips:10:70,t:crypto:10:71,u:4:30,u:3:30";
        MockProducer<byte[], byte[]> producer = producer();

        pipe.sameBytes(producer, record(key, value, plan));

        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic).containsExactly("bench-leg-article-versions-changelog",
                "leg.enriched.ai-chips", "leg.enriched.crypto", "leg.unknown", "leg.unknown");
        assertThat(sent).extracting(r -> r.key().length).containsExactly(10, 10, 10, 4, 3);
        assertThat(sent).extracting(r -> r.value().length).containsExactly(60, 70, 71, 30, 30);
        // Keyed by the article id like the enricher's copies; values are the input's bytes over and over.
        assertThat(sent.get(1).key()).isEqualTo(key);
        assertThat(sent.get(1).value()).isEqualTo(SameBytesOutputs.fill(value, 0, 70));
        assertThat(sent.get(3).key()).isNotEqualTo(sent.get(4).key());
        // The changelog goes to the input's partition without headers; the rest carry the input's headers.
        assertThat(sent.get(0).partition()).isEqualTo(4);
        assertThat(sent.get(0).headers()).isEmpty();
        assertThat(sent.subList(1, 5)).allSatisfy(r -> {
            assertThat(r.partition()).isNull();
            assertThat(r.headers().lastHeader(OutputPlan.HEADER)).isNotNull();
        });
    }

    @Test
    void theSameBytesPipeDeadLettersTheInputAsItIs() {
        BaselinePipe pipe = new BaselinePipe(config(Map.of()), BaselinePipe.Output.SAME_BYTES, 1, t -> { }, () -> { });
        byte[] key = "broken".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{\"slug\":".getBytes(StandardCharsets.UTF_8);
        MockProducer<byte[], byte[]> producer = producer();

        pipe.sameBytes(producer, record(key, value, "d"));
        pipe.sameBytes(producer, record(key, value, "")); // a re-crawl: nothing

        assertThat(producer.history()).hasSize(1);
        assertThat(producer.history().get(0).topic()).isEqualTo("leg.dlq");
        assertThat(producer.history().get(0).key()).isEqualTo(key);
        assertThat(producer.history().get(0).value()).isEqualTo(value);
    }

    @Test
    void theSameBytesPipeRefusesARecordWithoutAPlan() {
        BaselinePipe pipe = new BaselinePipe(config(Map.of()), BaselinePipe.Output.SAME_BYTES, 1, t -> { }, () -> { });
        ConsumerRecord<byte[], byte[]> unplanned = new ConsumerRecord<>("bench.raw", 0, 7, new byte[1], new byte[1]);
        MockProducer<byte[], byte[]> producer = producer();

        assertThatThrownBy(() -> pipe.sameBytes(producer, unplanned)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bench.raw-0@7");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void fillRepeatsTheSourceFromAnOffsetUpToTheLength() {
        byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);

        assertThat(new String(SameBytesOutputs.fill(abc, 1, 7), StandardCharsets.UTF_8)).isEqualTo("bcabcab");
        assertThat(new String(SameBytesOutputs.fill(abc, 4, 2), StandardCharsets.UTF_8)).isEqualTo("bc");
        assertThat(SameBytesOutputs.fill(abc, 0, 0)).isEmpty();
        assertThat(SameBytesOutputs.fill(new byte[0], 0, 3)).containsExactly(0, 0, 0);
    }

    private static void assertOnlyClientSettings(Map<String, Object> props, Set<String> clientNames) {
        assertThat(props.keySet()).allSatisfy(k -> assertThat(clientNames.contains(k) || PASSED_THROUGH.contains(k))
                .as("%s is a client setting", k).isTrue());
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, String plan) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(OutputPlan.HEADER, plan.getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("bench.raw", 4, 7, 1_000L, TimestampType.CREATE_TIME, key.length, value.length,
                key, value, headers, Optional.empty());
    }

    private static MockProducer<byte[], byte[]> producer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static BaselinePipe pipe(Map<String, String> settings) {
        return new BaselinePipe(config(settings), BaselinePipe.Output.ROUTES, 1, t -> { }, () -> { });
    }

    private static EnricherConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(LEG);
        all.putAll(settings);
        return EnricherConfig.defaults().with(all);
    }
}
