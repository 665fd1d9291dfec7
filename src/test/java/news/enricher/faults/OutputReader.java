package news.enricher.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import news.enricher.config.EnricherConfig;
import news.enricher.testkit.KafkaTestKit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Reads every output topic of one enricher (themed topics by prefix, dead letters, unknown tickers) from the
 * beginning to the current end, read_committed, de-duplicated by (topic, partition, offset).
 */
public final class OutputReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputReader() {
    }

    /**
     * @param themedCheck extra check of a themed value (e.g. reference consistency); returns a problem or null
     */
    public static List<Observed> readAll(EnricherConfig config, Function<JsonNode, String> themedCheck,
                                         Duration timeout) throws Exception {
        return readFrom(config, Map.of(), themedCheck, timeout);
    }

    /**
     * Like {@link #readAll}, but each partition from the given offset (the beginning when absent): the output of one
     * stretch of a run whose earlier output was complete when {@code from} was taken.
     */
    public static List<Observed> readFrom(EnricherConfig config, Map<TopicPartition, Long> from,
                                          Function<JsonNode, String> themedCheck, Duration timeout) throws Exception {
        return readFrom(config, from, themedCheck, timeout, 2000);
    }

    /**
     * With at most {@code maxPollRecords} records per poll: each is decompressed whole, so a poll of large records
     * that compress well (one fetch of a few MB can hold hundreds of them) needs a small number to fit the heap.
     */
    public static List<Observed> readFrom(EnricherConfig config, Map<TopicPartition, Long> from,
                                          Function<JsonNode, String> themedCheck, Duration timeout,
                                          int maxPollRecords) throws Exception {
        Set<String> topics = new HashSet<>();
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin admin = Admin.create(config.clientProperties())) {
            for (String t : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (t.startsWith(config.themeTopicPrefix()) || t.equals(config.deadLetterTopic())
                        || t.equals(config.unknownTickersTopic())) {
                    topics.add(t);
                }
            }
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            described.values().forEach(d -> d.partitions().forEach(
                    p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            // The group's offsets turn stable when the commit marker reaches __consumer_offsets; the same
            // transaction's markers on the output partitions are written independently and can land a moment later.
            // Reading to the last stable offset before then would stop short of the transaction's last records.
            KafkaTestKit.await("no transaction open on any output partition", timeout,
                    () -> noTransactionOpen(admin, partitions));
        }
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "faults-verifier-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 10 * 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        List<Observed> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            from.forEach((p, offset) -> {
                if (partitions.contains(p)) {
                    consumer.seek(p, offset);
                }
            });
            // Under read_committed this is the last stable offset: everything before it is decided.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Timed out reading the outputs to their end after " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (seen.add(r.topic() + "/" + r.partition() + "@" + r.offset())) {
                        out.add(observe(config, r, themedCheck));
                    }
                }
            }
        }
        return out;
    }

    /** Whether every partition's last stable offset has reached its high watermark: nothing written is undecided. */
    static boolean noTransactionOpen(Admin admin, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        try {
            var written = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(30, TimeUnit.SECONDS);
            return partitions.stream().allMatch(p -> stable.get(p).offset() == written.get(p).offset());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted reading the output offsets", e);
        }
    }

    /** The end (last stable offset) of every output partition now: where the next stretch's output begins. */
    public static Map<TopicPartition, Long> endOffsets(EnricherConfig config) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin admin = Admin.create(config.clientProperties())) {
            Set<String> topics = new HashSet<>();
            for (String t : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (t.startsWith(config.themeTopicPrefix()) || t.equals(config.deadLetterTopic())
                        || t.equals(config.unknownTickersTopic())) {
                    topics.add(t);
                }
            }
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(d ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        }
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    static Observed observe(EnricherConfig config, ConsumerRecord<byte[], byte[]> r,
                            Function<JsonNode, String> themedCheck) {
        return observe(config, r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp(),
                header(r.headers().lastHeader("__streams.errors.exception")),
                header(r.headers().lastHeader("__streams.errors.message")), themedCheck);
    }

    static Observed observe(EnricherConfig config, String topic, int partition, long offset, byte[] key, byte[] value,
                            long timestamp, String exception, String message, Function<JsonNode, String> themedCheck) {
        if (topic.equals(config.deadLetterTopic())) {
            String problem = exception == null || message == null || message.isBlank()
                    ? "dead letter without a reason (exception=" + exception + ", message=" + message + ")" : null;
            return new Observed(Observed.Kind.DEAD_LETTER, topic, partition, offset, RawRecord.keyId(key),
                    sha256(value), timestamp, null, null, exception, problem);
        }
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        JsonNode v;
        try {
            v = value == null ? null : JSON.readTree(value);
        } catch (Exception e) {
            v = null;
        }
        if (topic.equals(config.unknownTickersTopic())) {
            String article = v == null || !v.path("article_id").isTextual() ? null : v.get("article_id").textValue();
            String problem = article == null ? "unknown-ticker sighting without article_id"
                    : v.path("symbol").asText("").equals(keyText) ? null : "sighting keyed " + keyText
                    + " but for symbol " + v.path("symbol").asText();
            return new Observed(Observed.Kind.UNKNOWN_TICKER, topic, partition, offset, keyText,
                    article == null ? "<none>" : article, timestamp, null, null, null, problem);
        }
        if (v == null || !v.isObject()) {
            return new Observed(Observed.Kind.THEMED, topic, partition, offset, keyText, "<unparseable>", timestamp,
                    null, null, null, "themed value is not a JSON object");
        }
        String tag = v.path(ArticleGenerator.TAG_FIELD).asText("<no tag>");
        String theme = v.path("theme").asText(null);
        List<String> symbols = new ArrayList<>();
        v.path("symbols").forEach(s -> symbols.add(s.asText()));
        String problem = null;
        if (theme == null || !topic.equals(config.themeTopic(theme))) {
            problem = "value theme '" + theme + "' on topic " + topic;
        } else if (themedCheck != null) {
            problem = themedCheck.apply(v);
        }
        return new Observed(Observed.Kind.THEMED, topic, partition, offset, keyText, tag, timestamp, theme, symbols,
                null, problem);
    }

    private static String header(Header h) {
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String sha256(byte[] value) {
        if (value == null) {
            return "<null>";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
