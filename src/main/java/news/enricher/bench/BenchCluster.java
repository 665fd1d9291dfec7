package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import news.enricher.provision.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** The Admin and consumer calls the benchmark makes against its broker. */
final class BenchCluster implements AutoCloseable {

    private static final long TIMEOUT_MS = 30_000;

    private final Map<String, Object> client;
    private final Admin admin;
    private final Map<String, List<TopicPartition>> partitions = new HashMap<>();

    BenchCluster(Map<String, Object> clientProperties) {
        this.client = clientProperties;
        this.admin = Admin.create(clientProperties);
    }

    /** The fixed topics of a leg's configuration and one themed topic per theme of the generator's pool. */
    List<String> createLegTopics(EnricherConfig config) {
        TopicProvisioner provisioner = new TopicProvisioner(admin, config);
        provisioner.ensureFixedTopics();
        List<String> themed = new ArrayList<>();
        themed.add(config.themeTopic(config.fallbackTheme()));
        for (String theme : ArticleGenerator.THEMES) {
            provisioner.ensureThemeTopic(config.themeTopic(theme));
            themed.add(config.themeTopic(theme));
        }
        List<String> all = new ArrayList<>(themed);
        all.add(config.rawTopic());
        all.add(config.deadLetterTopic());
        all.add(config.unknownTickersTopic());
        awaitLeaders(all);
        return themed;
    }

    /** The raw and reference topics of a configuration (its other fixed topics are created and deleted again). */
    void createSharedTopics(EnricherConfig config) {
        new TopicProvisioner(admin, config).ensureFixedTopics();
        deleteTopics(List.of(config.deadLetterTopic(), config.unknownTickersTopic(),
                config.themeTopic(config.fallbackTheme())), null);
        awaitLeaders(List.of(config.rawTopic(), config.referenceTopic()));
    }

    /**
     * A compacted topic like the changelog Kafka Streams creates for the de-duplication store: as many partitions as
     * the raw topic (a changelog record goes to its input's partition), the {@code topic.*} settings Kafka Streams
     * gives its internal topics.
     */
    void createChangelogTopic(EnricherConfig config, String name) {
        Map<String, String> configs = new HashMap<>();
        config.asMap().forEach((k, v) -> {
            if (k.startsWith(StreamsConfig.TOPIC_PREFIX)) {
                configs.put(k.substring(StreamsConfig.TOPIC_PREFIX.length()), v);
            }
        });
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        get(admin.createTopics(List.of(new NewTopic(name, Optional.of(config.topicPartitions()),
                config.topicReplicationFactor()).configs(configs))).all());
        awaitLeaders(List.of(name));
    }

    /**
     * Waits until every partition of the topics has a leader: a producer that starts on a topic created a moment
     * ago can otherwise meet NOT_LEADER_OR_FOLLOWER and, with idempotence, out-of-order sequence errors.
     */
    void awaitLeaders(Collection<String> topics) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            boolean ready;
            try {
                Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
                ready = described.values().stream().flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (IllegalStateException notYetKnown) {
                // A topic created a moment ago may not be in the broker's metadata yet.
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Partitions of " + topics + " have no leader after " + TIMEOUT_MS
                        + " ms");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
    }

    List<TopicPartition> partitions(Collection<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        List<String> missing = topics.stream().filter(t -> !partitions.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            Map<String, TopicDescription> described = get(admin.describeTopics(missing).allTopicNames());
            described.forEach((name, d) -> partitions.put(name, d.partitions().stream()
                    .map(p -> new TopicPartition(name, p.partition())).toList()));
        }
        topics.forEach(t -> all.addAll(partitions.get(t)));
        return all;
    }

    /** Log end offsets (read_uncommitted), summed per topic. */
    Map<String, Long> endOffsets(Collection<String> topics) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions(topics).forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                get(admin.listOffsets(request).all());
        Map<String, Long> sums = new HashMap<>();
        result.forEach((tp, info) -> sums.merge(tp.topic(), info.offset(), Long::sum));
        return sums;
    }

    long endOffsetSum(Collection<String> topics) {
        return endOffsets(topics).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the group has committed, for every partition of {@code topic}, its log end offset. */
    boolean groupCaughtUp(String groupId, String topic) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions(List.of(topic)).forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = get(admin.listOffsets(request).all());
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            if (end.getValue().offset() > 0 && (c == null || c.offset() < end.getValue().offset())) {
                return false;
            }
        }
        return true;
    }

    /** Committed records and their value bytes per topic, read with read_committed from the beginning to the end. */
    record Count(Map<String, Long> records, long valueBytes) {
        long total() {
            return records.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Count countCommitted(Collection<String> topics, Duration timeout) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-verify");
        Map<String, Long> counts = new HashMap<>();
        topics.forEach(t -> counts.put(t, 0L));
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = partitions(topics);
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            Instant deadline = Instant.now().plus(timeout);
            List<TopicPartition> open = new ArrayList<>(tps);
            while (true) {
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
                if (open.isEmpty()) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Timed out counting " + topics);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(r.topic(), 1L, Long::sum);
                    bytes += r.value() == null ? 0 : r.value().length;
                }
            }
        }
        return new Count(counts, bytes);
    }

    /** Deletes the topics; Kafka Streams' internal topics of an application id are found by their prefix. */
    void deleteTopics(Collection<String> topics, String internalPrefix) {
        List<String> doomed = new ArrayList<>(topics);
        if (internalPrefix != null) {
            doomed.addAll(get(admin.listTopics().names()).stream().filter(t -> t.startsWith(internalPrefix))
                    .collect(Collectors.toList()));
        }
        doomed.forEach(partitions::remove);
        get(admin.deleteTopics(doomed).all());
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Admin call timed out", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
