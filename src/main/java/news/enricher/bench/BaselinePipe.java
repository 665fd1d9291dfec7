package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The physical limit the enricher is judged against: a plain consumer → producer loop that copies every raw record,
 * without parsing it, to the topics the enricher publishes it on (its {@link ArticleGenerator#ROUTES_HEADER}), with
 * the same client settings the enricher's Kafka Streams clients get from {@link EnricherConfig}.
 *
 * <ul>
 *   <li>at-least-once: read_uncommitted; every commit interval the producer is flushed, then offsets committed
 *       (what Kafka Streams does);</li>
 *   <li>exactly-once: read_committed, one transaction per commit interval carrying the consumed offsets
 *       ({@code sendOffsetsToTransaction}, as exactly_once_v2 does).</li>
 * </ul>
 */
final class BaselinePipe implements Runnable {

    private final EnricherConfig config;
    private final boolean exactlyOnce;
    private final long commitIntervalMs;
    private final LongConsumer firstRecord;
    private final Runnable ready;
    private final Map<String, String> topics = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile Map<String, Double> producerMetrics = Map.of();

    BaselinePipe(EnricherConfig config, LongConsumer firstRecord, Runnable ready) {
        this.config = config;
        this.exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(config.processingGuarantee());
        this.commitIntervalMs = commitIntervalMs(config);
        this.firstRecord = firstRecord;
        this.ready = ready;
    }

    /** The commit interval Kafka Streams would use with this configuration (100 ms under EOS, 30 s otherwise). */
    static long commitIntervalMs(EnricherConfig config) {
        return new StreamsConfig(withBootstrap(config.streamsProperties()))
                .getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }

    private static java.util.Properties withBootstrap(java.util.Properties props) {
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }

    Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        prefixed(StreamsConfig.PRODUCER_PREFIX, props);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-producer");
        if (exactlyOnce) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.applicationId() + "-pipe");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        }
        return props;
    }

    Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        // Kafka Streams' own defaults for its main consumer.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        prefixed(StreamsConfig.CONSUMER_PREFIX, props);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-consumer");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, exactlyOnce ? "read_committed" : "read_uncommitted");
        return props;
    }

    private void prefixed(String prefix, Map<String, Object> into) {
        config.asMap().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                into.put(k.substring(prefix.length()), v);
            }
        });
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            if (exactlyOnce) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(config.rawTopic()));
            boolean announcedReady = false;
            boolean seenFirst = false;
            boolean inTransaction = false;
            boolean uncommitted = false;
            long lastCommit = System.currentTimeMillis();
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!announcedReady && !consumer.assignment().isEmpty()) {
                    announcedReady = true;
                    ready.run();
                }
                if (!records.isEmpty()) {
                    if (!seenFirst) {
                        seenFirst = true;
                        firstRecord.accept(System.currentTimeMillis());
                    }
                    if (exactlyOnce && !inTransaction) {
                        producer.beginTransaction();
                        inTransaction = true;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        copy(producer, r);
                    }
                    uncommitted = true;
                }
                long now = System.currentTimeMillis();
                if (uncommitted && now - lastCommit >= commitIntervalMs) {
                    commit(consumer, producer);
                    inTransaction = false;
                    uncommitted = false;
                    lastCommit = now;
                }
            }
            if (uncommitted) {
                commit(consumer, producer);
            }
            producerMetrics = ClientMetrics.producer(producer.metrics());
        }
    }

    private void commit(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        if (exactlyOnce) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } else {
            producer.flush();
            consumer.commitSync(offsets);
        }
    }

    private void copy(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> r) {
        Header routes = r.headers().lastHeader(ArticleGenerator.ROUTES_HEADER);
        if (routes == null || routes.value().length == 0) {
            return;
        }
        String text = new String(routes.value(), StandardCharsets.UTF_8);
        int start = 0;
        while (start <= text.length()) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            String route = text.substring(start, end);
            String topic = topics.computeIfAbsent(route, t -> ArticleGenerator.DEAD_LETTER.equals(t)
                    ? config.deadLetterTopic() : config.themeTopic(t));
            producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), r.headers()));
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
    }

    void stop() {
        stopping = true;
    }

    Map<String, Double> producerMetrics() {
        return producerMetrics;
    }
}
