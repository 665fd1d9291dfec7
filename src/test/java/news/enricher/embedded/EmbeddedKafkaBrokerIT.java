package news.enricher.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String SASL_USER = "enricher";
    private static final String SASL_PASSWORD = "s3cret";

    @TempDir
    Path tempDir;

    @Test
    void producesAndConsumesThroughARealBroker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            createTopic(broker.clientProperties(), "articles", 3);
            List<String> sent = values("article-", 100);

            produce(broker.clientProperties(), "articles", sent);

            assertThat(consume(broker.clientProperties(), "articles", "readers", 100))
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThat(endOffsets(broker.clientProperties(), "articles").values().stream().mapToLong(Long::longValue)
                    .sum()).as("records in the topic").isEqualTo(100);
        }
    }

    @Test
    void keepsTopicsAndDataAcrossARestart() throws Exception {
        Path dataDir = tempDir.resolve("broker-data");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
            String addressBefore = broker.bootstrapServers();
            createTopic(broker.clientProperties(), "durable", 2);
            List<String> sent = values("kept-", 20);
            produce(broker.clientProperties(), "durable", sent);
            assertThat(consume(broker.clientProperties(), "durable", "durable-readers", 20)).hasSize(20);

            broker.stop();
            assertThat(portIsFree(port(addressBefore))).as("port released by stop()").isTrue();
            broker.start();

            assertThat(broker.bootstrapServers()).isEqualTo(addressBefore);
            try (Admin admin = Admin.create(broker.clientProperties())) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("durable");
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("durable-readers")
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                        .as("committed offsets of the group").isEqualTo(20);
            }
            assertThat(consume(broker.clientProperties(), "durable", "fresh-readers", 20))
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
        assertThat(dataDir).as("a given data dir is kept on close").isDirectory();
    }

    @Test
    void runsTransactionsForExactlyOnce() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            createTopic(broker.clientProperties(), "ledger", 1);
            Map<String, Object> props = producerProps(broker.clientProperties());
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ledger-writer");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                producer.initTransactions();
                producer.beginTransaction();
                values("committed-", 5).forEach(v -> producer.send(new ProducerRecord<>("ledger", v, v)));
                producer.commitTransaction();

                producer.beginTransaction();
                values("aborted-", 5).forEach(v -> producer.send(new ProducerRecord<>("ledger", v, v)));
                producer.flush();
                producer.abortTransaction();

                // A commit after the abort moves the last stable offset past the aborted batch.
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("ledger", "committed-last", "committed-last"));
                producer.commitTransaction();
            }

            Map<String, Object> readCommitted = broker.clientProperties();
            readCommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<String> expected = new ArrayList<>(values("committed-", 5));
            expected.add("committed-last");
            assertThat(consumeUntil(readCommitted, "ledger", "committed-readers", v -> v.equals("committed-last")))
                    .containsExactlyElementsOf(expected);

            // Proves the aborted records really reached the log and were filtered by the isolation level.
            Map<String, Object> readUncommitted = broker.clientProperties();
            readUncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
            assertThat(consumeUntil(readUncommitted, "ledger", "dirty-readers", v -> v.equals("committed-last")))
                    .hasSize(11).contains("aborted-0", "aborted-4");
        }
    }

    @Test
    void authenticatesSaslPlainClients() throws Exception {
        try (EmbeddedKafkaBroker broker = saslBroker()) {
            Map<String, Object> client = broker.clientProperties();
            assertThat(client).containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .doesNotContainKey(SaslConfigs.SASL_JAAS_CONFIG);
            client.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule"
                    + " required username=\"enricher\" password=\"s3cret\";");
            assertThat(EmbeddedKafkaBroker.plainJaasConfig(SASL_USER, SASL_PASSWORD))
                    .isEqualTo(client.get(SaslConfigs.SASL_JAAS_CONFIG));

            createTopic(client, "secured", 1);
            List<String> sent = values("secret-", 10);
            produce(client, "secured", sent);

            assertThat(consume(client, "secured", "secure-readers", 10)).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void rejectsWrongSaslPasswordQuickly() throws Exception {
        try (EmbeddedKafkaBroker broker = saslBroker()) {
            Map<String, Object> client = broker.clientProperties();
            client.put(SaslConfigs.SASL_JAAS_CONFIG, EmbeddedKafkaBroker.plainJaasConfig(SASL_USER, "not-" + SASL_PASSWORD));

            long startedAt = System.nanoTime();
            try (Admin admin = Admin.create(client)) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void honoursExtraBrokerProperties() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .brokerProperty("auto.create.topics.enable", "false")
                .brokerProperty("message.max.bytes", "2097152")
                .build().start()) {
            Map<String, Object> props = producerProps(broker.clientProperties());
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_500);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("missing", "k", "v"))
                        .get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TimeoutException.class);
            }

            try (Admin admin = Admin.create(broker.clientProperties())) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("missing");
                ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
                Config config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);
                ConfigEntry maxBytes = config.get("message.max.bytes");
                assertThat(maxBytes.value()).isEqualTo("2097152");
                assertThat(maxBytes.source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
            }
        }
    }

    @Test
    void failsClearlyWhenThePortIsTaken() throws Exception {
        Path dataDir = tempDir.resolve("never-created");
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int takenPort = squatter.getLocalPort();
            Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();

            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                    .port(takenPort).dataDir(dataDir).build()) {
                assertThatThrownBy(broker::start)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(String.valueOf(takenPort))
                        .hasMessageContaining("in use");
            }

            Set<Thread> newThreads = new HashSet<>(Thread.getAllStackTraces().keySet());
            newThreads.removeAll(threadsBefore);
            assertThat(newThreads.stream().filter(Thread::isAlive).map(Thread::getName))
                    .as("threads left behind").isEmpty();
            assertThat(dataDir).as("data dir of a broker that never started").doesNotExist();
        }
    }

    private static EmbeddedKafkaBroker saslBroker() {
        return EmbeddedKafkaBroker.builder().saslPlain(Map.of(SASL_USER, SASL_PASSWORD)).build().start();
    }

    private static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }

    private static void createTopic(Map<String, Object> client, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> producerProps(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    private static void produce(Map<String, Object> client, String topic, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(client))) {
            List<Future<?>> acks = new ArrayList<>();
            values.forEach(v -> acks.add(producer.send(new ProducerRecord<>(topic, v, v))));
            for (Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads until {@code count} records arrived, committing what it read, or fails at the deadline. */
    private static List<String> consume(Map<String, Object> client, String topic, String group, int count) {
        int[] seen = {0};
        return consumeUntil(client, topic, group, v -> ++seen[0] >= count);
    }

    private static List<String> consumeUntil(Map<String, Object> client, String topic, String group,
                                             Predicate<String> last) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> received = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                    if (last.test(record.value())) {
                        consumer.commitSync(Duration.ofSeconds(30));
                        return received;
                    }
                }
            }
        }
        throw new AssertionError("Gave up on " + topic + " after " + DEADLINE.toSeconds() + " s, received "
                + received.size() + ": " + received);
    }

    private static Map<TopicPartition, Long> endOffsets(Map<String, Object> client, String topic) throws Exception {
        try (Admin admin = Admin.create(client)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> offsets = admin.listOffsets(latest).all()
                    .get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static int port(String bootstrapServers) {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
