package news.enricher.reference;

import news.enricher.json.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Writes the reference table into its compacted topic, keyed by {@link TickerRow#referenceKey()}. Running
 * enrichers read the topic into a global store (and its in-memory index), so an upsert is visible to them without a
 * restart.
 */
public final class ReferenceTopicWriter {

    public record Result(int upserted, int deleted) {
    }

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> clientProperties;
    private final String topic;

    public ReferenceTopicWriter(Map<String, Object> clientProperties, String topic) {
        this.clientProperties = clientProperties;
        this.topic = topic;
    }

    /** Upserts every row; with {@code prune}, also writes tombstones for keys in the topic that are not in rows. */
    public Result write(List<TickerRow> rows, boolean prune) {
        Set<String> stale = prune ? liveKeys() : new HashSet<>();
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Upserts by key into a compacted topic are idempotent by nature, and a retried duplicate is harmless; the
        // idempotent producer's sequence checks only add a failure mode right after the topic is created.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        int deleted = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback check = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<String, TickerRow> producer = new KafkaProducer<>(props, new StringSerializer(),
                JsonSerde.of(TickerRow.class))) {
            for (TickerRow row : rows) {
                String key = row.referenceKey();
                stale.remove(key);
                producer.send(new ProducerRecord<>(topic, key, row), check);
            }
            for (String key : stale) {
                producer.send(new ProducerRecord<>(topic, key, null), check);
                deleted++;
            }
            producer.flush();
        }
        // flush() does not throw for failed sends; the callbacks saw them.
        if (failure.get() != null) {
            throw new IllegalStateException("Writing the reference table to " + topic + " failed: "
                    + failure.get().getMessage(), failure.get());
        }
        return new Result(rows.size(), deleted);
    }

    /** Keys whose latest value in the topic is not a tombstone, read from the beginning to the current end. */
    public Set<String> liveKeys() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Boolean> live = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Timed out reading " + topic + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null) {
                        live.put(r.key(), r.value() != null);
                    }
                }
            }
        }
        return live.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
