package news.enricher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.offline.OutputRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The trend counts a run ends with: the latest value of every key of the compacted trends topic, deleted keys left
 * out, {@code updated_at} (a wall-clock time) removed. What the demo compares with its offline prediction.
 */
final class TrendCounts {

    private TrendCounts() {
    }

    static Map<String, JsonNode> latest(List<OutputRecord> records) {
        Map<String, JsonNode> latest = new TreeMap<>();
        for (OutputRecord r : records) {
            put(latest, r.key(), r.value());
        }
        return latest;
    }

    /** Reads the trends topic (read_committed) until its counts equal {@code expected}, or until the deadline. */
    static Map<String, JsonNode> awaitLatest(EnricherConfig config, Map<String, JsonNode> expected,
                                             Instant deadline) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, JsonNode> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(config.trendsTopic(), Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!latest.equals(expected) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> put(latest, r.key(), r.value()));
            }
        }
        return latest;
    }

    static List<String> differences(Map<String, JsonNode> expected, Map<String, JsonNode> actual) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            JsonNode want = expected.get(key);
            JsonNode got = actual.get(key);
            if (!Objects.equals(want, got)) {
                differences.add("trend " + key + ": expected " + (want == null ? "no count" : want) + ", got "
                        + (got == null ? "no count" : got));
            }
        }
        return differences;
    }

    private static void put(Map<String, JsonNode> latest, String key, byte[] value) {
        if (value == null) {
            latest.remove(key);
            return;
        }
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(value);
            node.remove("updated_at");
            latest.put(key, node);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a trend record: " + key, e);
        }
    }
}
