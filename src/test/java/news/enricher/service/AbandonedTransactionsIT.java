package news.enricher.service;

import news.enricher.config.EnricherConfig;
import news.enricher.faults.FaultBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static news.enricher.testkit.KafkaTestKit.await;
import static news.enricher.testkit.KafkaTestKit.isolatedConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** A transaction left open by a killed run, against a real KRaft broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AbandonedTransactionsIT {

    /** Far beyond the test's wait, so that only the abort at start-up can end the transaction in time. */
    private static final int LEFT_OPEN_TIMEOUT_MS = 120_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The production-like test broker: no auto-created topics. */
    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @TempDir
    Path stateDir;

    @Test
    void endsTheTransactionAKilledRunLeftOpenSoThatReadCommittedReadersMoveOn() throws Exception {
        EnricherConfig config = isolatedConfig(BROKER.broker().bootstrapServers(), "abandoned")
                .with("state.dir", stateDir.toString());
        // A real run leaves Kafka Streams' own process file behind: the ids below are the ones it uses.
        try (EnricherService service = new EnricherService(config)) {
            service.start();
            await("the service to run", WAIT, () -> service.state() == KafkaStreams.State.RUNNING);
        }
        AbandonedTransactions abandoned = new AbandonedTransactions(new StreamsConfig(config.streamsProperties()));
        List<String> ids = abandoned.transactionalIds();
        assertThat(ids).hasSize(Integer.parseInt(config.streamsProperties()
                .getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1")));

        TopicPartition written = new TopicPartition(config.themeTopicPrefix() + "left-open", 0);
        try (Admin admin = Admin.create(config.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(written.topic(), 1, (short) 1))).all().get();
        }
        leaveATransactionOpen(ids.get(0), written);
        assertThat(lastStableOffset(config, written)).as("the open transaction holds readers back").isZero();

        abandoned.abort();

        await("read_committed readers to pass the aborted transaction", Duration.ofSeconds(20),
                () -> lastStableOffset(config, written) > 0);
    }

    @Test
    void findsNoTransactionsToEndWithoutAProcessIdOrWithoutExactlyOnce() {
        EnricherConfig config = isolatedConfig(BROKER.broker().bootstrapServers(), "no-process-file")
                .with("state.dir", stateDir.toString());
        assertThat(new AbandonedTransactions(new StreamsConfig(config.streamsProperties())).transactionalIds())
                .isEmpty();
        EnricherConfig atLeastOnce = config.with(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.AT_LEAST_ONCE);
        assertThat(new AbandonedTransactions(new StreamsConfig(atLeastOnce.streamsProperties())).transactionalIds())
                .isEmpty();
    }

    /** What a {@code kill -9} leaves: a transaction with a record in the log, neither committed nor aborted. */
    private static void leaveATransactionOpen(String transactionalId, TopicPartition partition) {
        Map<String, Object> props = new HashMap<>(BROKER.broker().clientProperties());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, LEFT_OPEN_TIMEOUT_MS);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), null, new byte[] {1}));
        producer.flush();
        // A forced close neither commits nor aborts; a graceful one would abort.
        producer.close(Duration.ZERO);
    }

    private static long lastStableOffset(EnricherConfig config, TopicPartition partition) {
        Map<String, Object> props = new HashMap<>(BROKER.broker().clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(Set.of(partition)).get(partition);
        }
    }
}
