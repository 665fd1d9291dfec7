package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * A baseline the enricher is judged against: a plain consumer → producer loop, with the clients Kafka Streams would
 * build from the same settings ({@link #producerProperties()}, {@link #consumerProperties()}), that does not parse
 * the record. One pipe is one stream thread's worth; the worker runs {@code num.stream.threads} of them in one group.
 *
 * <ul>
 *   <li>{@link Output#ROUTES}, the raw pipe: copies every raw record as it is to the topics the enricher publishes
 *       it on (its {@link ArticleGenerator#ROUTES_HEADER}): what moving the input costs, without enriching;</li>
 *   <li>{@link Output#SAME_BYTES}: writes what the enricher writes (its {@link OutputPlan}): as many records, with
 *       keys and values of the same sizes, to the themed, unknown-ticker, dead-letter and changelog topics: the
 *       physical limit for the enricher's output.</li>
 * </ul>
 *
 * Commits as Kafka Streams does: under at-least-once, read_uncommitted, and every commit interval the producer is
 * flushed, then offsets committed; under exactly-once, read_committed, one transaction per commit interval
 * carrying the consumed offsets ({@code sendOffsetsToTransaction}, as exactly_once_v2 does).
 */
final class BaselinePipe implements Runnable {

    enum Output { ROUTES, SAME_BYTES }

    /**
     * Settings Kafka Streams reads for itself or for its partition assignor, which a plain consumer must not get
     * (the assignor class is Kafka Streams' own and needs its internals).
     */
    private static final Set<String> STREAMS_ONLY = StreamsConfig.configDef().names();

    private final EnricherConfig config;
    private final Output output;
    private final int index;
    private final boolean exactlyOnce;
    private final long commitIntervalMs;
    private final long pollMs;
    private final SameBytesOutputs sameBytes;
    private final LongConsumer firstRecord;
    private final Runnable ready;
    private final Map<String, String> topics = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile Map<String, Double> producerMetrics = Map.of();

    /** {@code index} tells the pipes of one worker apart, as Kafka Streams numbers its threads. */
    BaselinePipe(EnricherConfig config, Output output, int index, LongConsumer firstRecord, Runnable ready) {
        this.config = config;
        this.output = output;
        this.index = index;
        StreamsConfig streams = streamsConfig(config);
        this.exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(streams.getString(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        this.commitIntervalMs = streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        this.pollMs = streams.getLong(StreamsConfig.POLL_MS_CONFIG);
        this.sameBytes = new SameBytesOutputs(config);
        this.firstRecord = firstRecord;
        this.ready = ready;
    }

    /** The commit interval Kafka Streams would use with this configuration (100 ms under EOS, 30 s otherwise). */
    static long commitIntervalMs(EnricherConfig config) {
        return streamsConfig(config).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }

    /** How many pipes stand for the enricher's stream threads. */
    static int threads(EnricherConfig config) {
        return streamsConfig(config).getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
    }

    private static StreamsConfig streamsConfig(EnricherConfig config) {
        Properties props = config.streamsProperties();
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new StreamsConfig(props);
    }

    /**
     * Kafka Streams' own producer settings for these settings (its overrides, then unprefixed producer keys, then
     * {@code producer.*}), so that every setting reaches the pipe as it reaches the enricher's producers.
     */
    Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>(streamsConfig(config).getProducerConfigs(clientId("producer")));
        if (exactlyOnce) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.applicationId() + "-pipe-" + index);
        }
        return props;
    }

    /**
     * Kafka Streams' own main-consumer settings (its overrides, then unprefixed consumer keys, then
     * {@code consumer.*}, then {@code main.consumer.*}), without what only its partition assignor reads.
     */
    Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(streamsConfig(config).getMainConsumerConfigs(
                config.applicationId(), clientId("consumer"), index));
        props.keySet().removeIf(k -> STREAMS_ONLY.contains(k) && !ConsumerConfig.configNames().contains(k));
        props.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        return props;
    }

    private String clientId(String client) {
        return config.applicationId() + "-pipe-" + index + "-" + client;
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
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(pollMs));
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
                        if (output == Output.ROUTES) {
                            copy(producer, r);
                        } else {
                            sameBytes(producer, r);
                        }
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

    void copy(Producer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> r) {
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

    /**
     * Writes the record's plan. Copies, sightings and dead letters carry the input's headers and timestamp as the
     * enricher's do (a dead letter's {@code __streams.errors.*} headers are not reproduced); the changelog record
     * goes, as Kafka Streams sends it, without headers to the input's partition.
     */
    void sameBytes(Producer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> r) {
        Headers headers = r.headers();
        for (SameBytesOutputs.Out o : sameBytes.of(r.key(), r.value(), headers,
                () -> r.topic() + "-" + r.partition() + "@" + r.offset())) {
            producer.send(o.kind() == OutputPlan.Kind.CHANGELOG
                    ? new ProducerRecord<>(o.topic(), r.partition(), r.timestamp(), o.key(), o.value())
                    : new ProducerRecord<>(o.topic(), null, r.timestamp(), o.key(), o.value(), headers));
        }
    }

    void stop() {
        stopping = true;
    }

    Map<String, Double> producerMetrics() {
        return producerMetrics;
    }
}
