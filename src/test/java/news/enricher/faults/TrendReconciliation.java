package news.enricher.faults;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The trend counts a run should end with, computed from what the verifier reads on the themed topics (the latest
 * published version of each article, its themes and its tickers' mentions), against the counts on the trends topic.
 * The fault workloads publish every article in one window, so no version is late.
 */
final class TrendReconciliation {

    private TrendReconciliation() {
    }

    /** theme|symbol|window -> [articles, mentions], from the themed topics. */
    static Map<String, List<Long>> expected(EnricherConfig config, Duration timeout) throws Exception {
        List<String> themed = new ArrayList<>();
        try (Admin admin = Admin.create(config.clientProperties())) {
            for (String t : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (t.startsWith(config.themeTopicPrefix())) {
                    themed.add(t);
                }
            }
        }
        // Per article: its latest published version (the generator numbers versions in the order it sends them),
        // the themes that version went to and its tickers.
        Map<String, Integer> latest = new HashMap<>();
        Map<String, Map<String, JsonNode>> copies = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : readToEnd(config, themed, timeout)) {
            JsonNode v = Json.MAPPER.readTree(r.value());
            String tag = v.path(ArticleGenerator.TAG_FIELD).asText();
            int hash = tag.lastIndexOf('#');
            String id = tag.substring(0, hash);
            int version = Integer.parseInt(tag.substring(hash + 1));
            Integer known = latest.get(id);
            if (known == null || version > known) {
                latest.put(id, version);
                copies.put(id, new HashMap<>());
            }
            if (version == latest.get(id)) {
                copies.get(id).put(v.get("theme").textValue(), v);
            }
        }
        Map<String, List<Long>> expected = new TreeMap<>();
        for (Map<String, JsonNode> byTheme : copies.values()) {
            byTheme.forEach((theme, copy) -> {
                String window = window(config, copy);
                for (String field : List.of("tickers", "unknown_tickers")) {
                    for (JsonNode t : copy.path(field)) {
                        expected.merge(theme + "|" + t.get("symbol").textValue() + "|" + window,
                                List.of(1L, t.get("mentions").longValue()),
                                (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
                    }
                }
            });
        }
        return expected;
    }

    private static String window(EnricherConfig config, JsonNode copy) {
        Instant published = Instant.parse(copy.get("published_at").textValue().replace(' ', 'T')
                .replace("+00:00", "Z"));
        long size = config.trendsWindow().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(published.toEpochMilli(), size) * size).toString();
    }

    /** theme|symbol|window -> [articles, mentions], the latest value of each key on the trends topic. */
    static Map<String, List<Long>> published(EnricherConfig config, Duration timeout) throws IOException {
        Map<String, List<Long>> counts = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : readToEnd(config, List.of(config.trendsTopic()), timeout)) {
            if (r.value() == null) {
                counts.remove(r.key());
            } else {
                JsonNode v = Json.MAPPER.readTree(r.value());
                counts.put(r.key(), List.of(v.get("articles").longValue(), v.get("mentions").longValue()));
            }
        }
        return counts;
    }

    static List<String> differences(Map<String, List<Long>> expected, Map<String, List<Long>> published) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(published.keySet());
        for (String key : keys) {
            if (!Objects.equals(expected.get(key), published.get(key))) {
                differences.add(key + ": expected " + expected.get(key) + " [articles, mentions], published "
                        + published.get(key));
            }
        }
        return differences;
    }

    private static List<ConsumerRecord<String, byte[]>> readToEnd(EnricherConfig config, List<String> topics,
                                                                  Duration timeout) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 10 * 1024 * 1024);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Timed out reading " + topics + " to their end after " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
