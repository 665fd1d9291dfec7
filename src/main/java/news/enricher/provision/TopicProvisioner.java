package news.enricher.provision;

import news.enricher.acl.MissingPermission;
import news.enricher.config.EnricherConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the enricher's topics that are missing, with the configured partitions, replication and min ISR.
 * Existing topics are left as they are: changing a live topic's partitioning is an operator's decision.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final EnricherConfig config;

    public TopicProvisioner(Admin admin, EnricherConfig config) {
        this.admin = admin;
        this.config = config;
    }

    /** The fixed topics: raw, reference (compacted), dead-letter, unknown tickers, and the fallback theme. */
    public Map<String, NewTopic> fixedTopics() {
        Map<String, NewTopic> topics = new LinkedHashMap<>();
        topics.put(config.rawTopic(), newTopic(config.rawTopic(), Map.of()));
        topics.put(config.referenceTopic(), newTopic(config.referenceTopic(),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.put(config.deadLetterTopic(), newTopic(config.deadLetterTopic(), Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                String.valueOf(config.topicMaxMessageBytes() + EnricherConfig.DEAD_LETTER_HEADROOM))));
        topics.put(config.unknownTickersTopic(), newTopic(config.unknownTickersTopic(), Map.of()));
        if (config.trendsEnabled()) {
            // Compacted: a reader (and every instance's trends view) needs only the latest count of each key.
            topics.put(config.trendsTopic(), newTopic(config.trendsTopic(),
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        }
        String fallback = config.themeTopic(config.fallbackTheme());
        topics.put(fallback, newTopic(fallback, config.themePartitions(), Map.of()));
        return topics;
    }

    /** Creates every fixed topic that does not exist yet; returns the names it created. */
    public List<String> ensureFixedTopics() {
        return create(fixedTopics().values());
    }

    /**
     * Creates one themed topic if it does not exist, and returns once every partition's leader takes writes,
     * whoever created it. Another instance may have created it a moment ago: records sent to a partition its
     * leader does not host yet fail with NOT_LEADER_OR_FOLLOWER, and when a later batch from the same idempotent
     * producer lands first, the broker (before Kafka 4.5, KAFKA-15591) rejects every retry of the earlier one as
     * out of sequence until {@code delivery.timeout.ms}. We saw that stall an at-least-once instance for two
     * minutes, blocking the group's rebalance, 29 ms after another instance created the topic.
     */
    public boolean ensureThemeTopic(String topic) {
        boolean created = !create(List.of(newTopic(topic, config.themePartitions(), Map.of()))).isEmpty();
        if (!created) {
            awaitLeaders(List.of(topic));
        }
        return created;
    }

    /**
     * The topic's effective {@code max.message.bytes} (its own setting, else the broker's), or empty when the
     * cluster does not say: the principal may lack DescribeConfigs, which the enricher does not otherwise need.
     */
    public Optional<Integer> maxMessageBytes(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config described = admin.describeConfigs(List.of(resource)).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = described == null ? null : described.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? Optional.empty()
                    : Optional.of(Integer.parseInt(entry.value()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + topic, e);
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.warn("Cannot read max.message.bytes of {}: {}", topic, cause(e));
            return Optional.empty();
        }
    }

    public Set<String> existingTopics() {
        try {
            return admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list topics: " + cause(e), e);
        }
    }

    NewTopic newTopic(String name, Map<String, String> extra) {
        return newTopic(name, config.topicPartitions(), extra);
    }

    NewTopic newTopic(String name, int partitions, Map<String, String> extra) {
        NewTopic topic = new NewTopic(name, Optional.of(partitions), config.topicReplicationFactor());
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(config.topicMaxMessageBytes()));
        configs.putAll(extra);
        config.topicMinInsyncReplicas().ifPresent(isr ->
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(isr)));
        return topic.configs(configs);
    }

    private List<String> create(Collection<NewTopic> wanted) {
        Set<String> existing = existingTopics();
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        var futures = admin.createTopics(missing).values();
        for (NewTopic topic : missing) {
            try {
                futures.get(topic.name()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic.name());
                LOG.info("Created topic {} ({} partitions, replication {})", topic.name(), topic.numPartitions(),
                        topic.replicationFactor() < 0 ? "broker default" : topic.replicationFactor());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw new MissingPermission(AclOperation.CREATE, ResourceType.TOPIC, List.of(topic.name()),
                            e.getCause());
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + topic.name() + ": " + cause(e), e);
                }
                // Another instance created it in the meantime: exactly what was wanted.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while creating topic " + topic.name(), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Timed out creating topic " + topic.name() + " after " + TIMEOUT, e);
            }
        }
        awaitLeaders(created);
        return created;
    }

    /**
     * A created topic is in the controller's metadata before its leaders host the partitions; a producer writing
     * in that window gets NOT_LEADER_OR_FOLLOWER, and under load we saw an idempotent producer's retries end in
     * out-of-order-sequence errors. ListOffsets is answered by the leader itself, so once it succeeds for every
     * partition the topic takes writes.
     */
    private void awaitLeaders(List<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach((name, description) -> description.partitions().forEach(p ->
                                latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException notYet) {
                if (notYet.getCause() instanceof TopicAuthorizationException) {
                    // Waiting cannot help; Describe comes with Read or Write on the topic.
                    throw new MissingPermission(AclOperation.DESCRIBE, ResourceType.TOPIC, undescribable(topics),
                            notYet.getCause());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topics " + topics + " have no ready leaders after " + TIMEOUT
                            + ": " + cause(notYet), notYet);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic leaders", e);
            }
        }
    }

    /** Which of these topics the principal may not describe: the batch's error does not say. */
    private List<String> undescribable(List<String> topics) {
        List<String> denied = new ArrayList<>();
        admin.describeTopics(topics).topicNameValues().forEach((name, description) -> {
            try {
                description.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    denied.add(name);
                }
            } catch (TimeoutException e) {
                // Not known to be denied.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return denied.isEmpty() ? topics : denied;
    }

    static String cause(Exception e) {
        Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
