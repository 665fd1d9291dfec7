package news.enricher.testkit;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Real-broker helpers for integration tests: produce, read committed output, poll with a deadline. */
public final class KafkaTestKit {

    private KafkaTestKit() {
    }

    /** A config whose topics and application id are unique to one test, so tests sharing a broker never meet. */
    public static EnricherConfig isolatedConfig(String bootstrapServers, String name) {
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        return EnricherConfig.defaults().with(Map.of(
                "bootstrap.servers", bootstrapServers,
                "application.id", unique,
                EnricherConfig.RAW_TOPIC, unique + ".raw",
                EnricherConfig.REFERENCE_TOPIC, unique + ".reference",
                EnricherConfig.DEAD_LETTER_TOPIC, unique + ".dlq",
                EnricherConfig.UNKNOWN_TICKERS_TOPIC, unique + ".unknown",
                EnricherConfig.THEME_TOPIC_PREFIX, unique + ".enriched.",
                EnricherConfig.TOPIC_PARTITIONS, "3",
                EnricherConfig.HTTP_ENABLED, "false",
                "commit.interval.ms", "100"))
                .with(EnricherConfig.TRENDS_TOPIC, unique + ".trends");
    }

    public static void produce(EnricherConfig config, String topic, List<ProducerRecord<String, byte[]>> records) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Produce to " + topic + " failed", e.getCause());
        }
    }

    public static void produce(EnricherConfig config, String key, String json) {
        produce(config, config.rawTopic(), List.of(new ProducerRecord<>(config.rawTopic(), key,
                json.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Reads committed records of the matching topics from the beginning until {@code done} holds for what was read,
     * then keeps reading for {@code settle} to catch anything unexpected that follows; fails at the deadline.
     */
    public static List<ConsumerRecord<String, byte[]>> readUntil(EnricherConfig config, Pattern topics,
                                                                 Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                                 Duration timeout, Duration settle) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        // Keyed by position: a pattern subscription rebalances when a matching topic appears, and without committed
        // offsets the reader then fetches from the start again. Those re-reads are not duplicates in the topic.
        Map<String, ConsumerRecord<String, byte[]>> byPosition = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (!done.test(records)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Timed out after " + timeout + " with " + records.size()
                            + " records from " + topics + ": " + describe(records));
                }
                collect(consumer, byPosition, records);
            }
            Instant settled = Instant.now().plus(settle);
            while (Instant.now().isBefore(settled)) {
                collect(consumer, byPosition, records);
            }
        }
        return records;
    }

    private static void collect(KafkaConsumer<String, byte[]> consumer,
                                Map<String, ConsumerRecord<String, byte[]>> byPosition,
                                List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            if (byPosition.putIfAbsent(r.topic() + "/" + r.partition() + "@" + r.offset(), r) == null) {
                records.add(r);
            }
        }
    }

    public static List<ConsumerRecord<String, byte[]>> readAtLeast(EnricherConfig config, Pattern topics, int count,
                                                                   Duration timeout) {
        return readUntil(config, topics, r -> r.size() >= count, timeout, Duration.ofMillis(500));
    }

    /** Every output topic of one isolated config: themed, unknown tickers, dead letters. */
    public static Pattern outputs(EnricherConfig config) {
        return Pattern.compile(Pattern.quote(config.themeTopicPrefix()) + ".*|"
                + Pattern.quote(config.unknownTickersTopic()) + "|" + Pattern.quote(config.deadLetterTopic()));
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String describe(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Integer> counts = new HashMap<>();
        records.forEach(r -> counts.merge(r.topic(), 1, Integer::sum));
        return counts.toString();
    }
}
