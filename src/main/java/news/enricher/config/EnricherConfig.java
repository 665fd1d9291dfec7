package news.enricher.config;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every topic name and setting of the enricher, in one immutable type. Keys starting with {@code enricher.} are the
 * enricher's own; every other key is handed unchanged to Kafka Streams and its clients (so {@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}, {@code producer.*} all pass through). Built by {@link ConfigLoader} in layers:
 * {@link #DEFAULTS}, then a properties file, then the environment.
 */
public final class EnricherConfig {

    public static final String PREFIX = "enricher.";
    public static final String RAW_TOPIC = "enricher.topic.raw";
    public static final String REFERENCE_TOPIC = "enricher.topic.reference";
    public static final String DEAD_LETTER_TOPIC = "enricher.topic.dead-letter";
    public static final String UNKNOWN_TICKERS_TOPIC = "enricher.topic.unknown-tickers";
    public static final String THEME_TOPIC_PREFIX = "enricher.theme.topic-prefix";
    public static final String FALLBACK_THEME = "enricher.theme.fallback";
    public static final String THEME_ALLOWLIST = "enricher.theme.allowlist";
    public static final String DEDUP_RETENTION = "enricher.dedup.retention";
    public static final String REKEY_BY_ARTICLE_ID = "enricher.input.rekey-by-article-id";
    public static final String TOPIC_PARTITIONS = "enricher.topics.partitions";
    public static final String THEME_PARTITIONS = "enricher.topics.theme-partitions";
    public static final String TOPIC_REPLICATION_FACTOR = "enricher.topics.replication-factor";
    public static final String TOPIC_MIN_INSYNC_REPLICAS = "enricher.topics.min-insync-replicas";
    public static final String TOPIC_MAX_MESSAGE_BYTES = "enricher.topics.max-message-bytes";
    public static final String HTTP_ENABLED = "enricher.http.enabled";
    public static final String HTTP_PORT = "enricher.http.port";
    public static final String HTTP_BIND = "enricher.http.bind";
    public static final String EMBEDDED_PORT = "enricher.embedded.port";
    public static final String TRENDS_ENABLED = "enricher.trends.enabled";
    public static final String TRENDS_TOPIC = "enricher.trends.topic";
    public static final String TRENDS_WINDOW = "enricher.trends.window";
    public static final String TRENDS_GRACE = "enricher.trends.grace";
    public static final String TRENDS_RETENTION = "enricher.trends.retention";
    public static final String TRENDS_EMIT_INTERVAL = "enricher.trends.emit-interval";
    public static final String EMBEDDED_DATA_DIR = "enricher.embedded.data-dir";
    /** Consumer settings without a prefix, so that the same key in the file or environment replaces the default. */
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";

    /** Largest article the pipeline accepts end to end; topics and the producer are sized to match. */
    static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** Extra room on the dead-letter topic for the reason headers (stack trace) of a maximal input. */
    public static final int DEAD_LETTER_HEADROOM = 1024 * 1024;

    /** The first layer. Kafka keys here are choices for this workload, each overridable. */
    public static final Map<String, String> DEFAULTS = defaultValues();

    private static Map<String, String> defaultValues() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(RAW_TOPIC, "news.articles.raw");
        d.put(REFERENCE_TOPIC, "reference.tickers");
        d.put(DEAD_LETTER_TOPIC, "news.articles.dlq");
        d.put(UNKNOWN_TICKERS_TOPIC, "news.tickers.unknown");
        d.put(THEME_TOPIC_PREFIX, "news.enriched.");
        d.put(FALLBACK_THEME, "uncategorized");
        d.put(THEME_ALLOWLIST, "");
        d.put(DEDUP_RETENTION, "P7D");
        d.put(REKEY_BY_ARTICLE_ID, "false");
        d.put(TOPIC_PARTITIONS, "6");
        // A theme carries a share of the raw volume, and every partition a transaction touches costs a marker at
        // each commit: see the README's Performance section for the measurement behind this default.
        d.put(THEME_PARTITIONS, "1");
        // -1: let the cluster decide (default.replication.factor / min.insync.replicas), right for any cluster size.
        d.put(TOPIC_REPLICATION_FACTOR, "-1");
        d.put(TOPIC_MIN_INSYNC_REPLICAS, "-1");
        d.put(TOPIC_MAX_MESSAGE_BYTES, String.valueOf(MAX_MESSAGE_BYTES));
        d.put(HTTP_ENABLED, "true");
        d.put(HTTP_PORT, "8080");
        // All interfaces: Docker's published port and Kubernetes probes reach the pod/container address, not loopback.
        d.put(HTTP_BIND, "0.0.0.0");
        d.put(EMBEDDED_PORT, "9092");
        d.put(TRENDS_ENABLED, "true");
        d.put(TRENDS_TOPIC, "news.trends.tickers");
        d.put(TRENDS_WINDOW, "PT1H");
        d.put(TRENDS_GRACE, "PT10M");
        d.put(TRENDS_RETENTION, "P7D");
        d.put(TRENDS_EMIT_INTERVAL, "PT1S");
        d.put(EMBEDDED_DATA_DIR, "data");

        d.put(StreamsConfig.APPLICATION_ID_CONFIG, "news-enricher");
        d.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // The default 16 KiB batch holds two articles; 256 KiB measured 2.4x the produce throughput here.
        d.put(StreamsConfig.producerPrefix("batch.size"), String.valueOf(256 * 1024));
        d.put(StreamsConfig.producerPrefix("linger.ms"), "5");
        d.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        // Dead letters carry an input of up to the topic limit plus reason headers, so the producer allows more.
        d.put(StreamsConfig.producerPrefix("max.request.size"), String.valueOf(MAX_MESSAGE_BYTES + DEAD_LETTER_HEADROOM));
        // After each commit the transactional producer's first sends to a partition meet CONCURRENT_TRANSACTIONS
        // until the previous transaction's markers are written, a few milliseconds; the default 100 ms backoff made
        // each such retry cost a commit interval of latency. Other retries back off exponentially from here.
        d.put(StreamsConfig.producerPrefix("retry.backoff.ms"), "10");
        // Bounded input memory: at most this many records wait per partition, and one fetch brings at most 16 MiB.
        // A record larger than max.partition.fetch.bytes still arrives whole (the limit is not absolute), so the
        // default of 1 MiB does not cap the article size. See the README for the heap this adds up to.
        d.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, "100");
        d.put(StreamsConfig.consumerPrefix("fetch.max.bytes"), String.valueOf(16 * 1024 * 1024));
        d.put(StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), String.valueOf(1024 * 1024));
        // Internal topics (the by-article-id repartition topic, changelogs) must take the largest article too.
        d.put(StreamsConfig.topicPrefix("max.message.bytes"), String.valueOf(MAX_MESSAGE_BYTES));
        // Failover (README, Guarantees: Failover). A member killed without leaving the group keeps its tasks until its
        // session times out, so no failover can be faster than this. Heartbeats come from the consumer's own thread,
        // so a slow record does not stop them; only a JVM pause longer than the timeout does.
        d.put(SESSION_TIMEOUT_MS, "10000");
        // Members learn that the group is rebalancing from a heartbeat's answer, and a failover is a chain of
        // rebalances (the dead member expiring, the restarted one joining, the cooperative follow-ups): each link
        // waits for the last member to hear of it.
        d.put(HEARTBEAT_INTERVAL_MS, "1000");
        // A warm copy of every task's stores on another instance: it takes over a dead instance's tasks with only the
        // last moments of the changelog to replay. Without a second instance there is nowhere to put it, at no cost.
        d.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        // Only an instance within 100 records of a task's changelogs counts as ready to run it. Under exactly-once,
        // Kafka Streams wipes a killed instance's stores when it restarts; at Kafka's 10,000 such an instance counts
        // as ready while the stores are small and is handed its tasks back, which then stall while it rebuilds. Here
        // the standby keeps them and the restarted instance warms up first.
        d.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, "100");
        // A starting instance reads the reference table and the trends view into its global stores before it joins
        // the group, one partition after another, and each partition waits out the fetch wait once (500 ms default).
        d.put(StreamsConfig.globalConsumerPrefix("fetch.max.wait.ms"), "100");
        return Collections.unmodifiableMap(d);
    }

    private final Map<String, String> values;

    EnricherConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        validate();
    }

    public static EnricherConfig defaults() {
        return new EnricherConfig(DEFAULTS);
    }

    /** A copy with some keys replaced; for wiring (the embedded broker's address) and tests. */
    public EnricherConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new EnricherConfig(copy);
    }

    public EnricherConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(overrides);
        return new EnricherConfig(copy);
    }

    public String rawTopic() {
        return get(RAW_TOPIC);
    }

    public String referenceTopic() {
        return get(REFERENCE_TOPIC);
    }

    public String deadLetterTopic() {
        return get(DEAD_LETTER_TOPIC);
    }

    public String unknownTickersTopic() {
        return get(UNKNOWN_TICKERS_TOPIC);
    }

    public String themeTopicPrefix() {
        return get(THEME_TOPIC_PREFIX);
    }

    public String fallbackTheme() {
        return get(FALLBACK_THEME);
    }

    /** The topic that carries the copies of one theme. */
    public String themeTopic(String theme) {
        return themeTopicPrefix() + theme;
    }

    /** Empty means every theme is allowed. */
    public Set<String> themeAllowlist() {
        Set<String> themes = new LinkedHashSet<>();
        for (String t : get(THEME_ALLOWLIST).split(",")) {
            if (!t.isBlank()) {
                themes.add(t.trim());
            }
        }
        return Collections.unmodifiableSet(themes);
    }

    public Duration dedupRetention() {
        return Duration.parse(get(DEDUP_RETENTION));
    }

    /** True when crawlers do not key records by article id: the topology then repartitions by it itself. */
    public boolean rekeyByArticleId() {
        return Boolean.parseBoolean(get(REKEY_BY_ARTICLE_ID));
    }

    public int topicPartitions() {
        return Integer.parseInt(get(TOPIC_PARTITIONS));
    }

    /** Partitions of a themed topic the enricher creates (the fallback theme's included). */
    public int themePartitions() {
        return Integer.parseInt(get(THEME_PARTITIONS));
    }

    public Optional<Short> topicReplicationFactor() {
        short rf = Short.parseShort(get(TOPIC_REPLICATION_FACTOR));
        return rf > 0 ? Optional.of(rf) : Optional.empty();
    }

    public Optional<Integer> topicMinInsyncReplicas() {
        int isr = Integer.parseInt(get(TOPIC_MIN_INSYNC_REPLICAS));
        return isr > 0 ? Optional.of(isr) : Optional.empty();
    }

    public int topicMaxMessageBytes() {
        return Integer.parseInt(get(TOPIC_MAX_MESSAGE_BYTES));
    }

    public boolean trendsEnabled() {
        return Boolean.parseBoolean(get(TRENDS_ENABLED));
    }

    public String trendsTopic() {
        return get(TRENDS_TOPIC);
    }

    public Duration trendsWindow() {
        return Duration.parse(get(TRENDS_WINDOW));
    }

    public Duration trendsGrace() {
        return Duration.parse(get(TRENDS_GRACE));
    }

    public Duration trendsRetention() {
        return Duration.parse(get(TRENDS_RETENTION));
    }

    /** How often each task sends its changed shares of the counts; never more often than it commits. */
    public Duration trendsEmitInterval() {
        return Duration.parse(get(TRENDS_EMIT_INTERVAL));
    }

    public boolean httpEnabled() {
        return Boolean.parseBoolean(get(HTTP_ENABLED));
    }

    public int httpPort() {
        return Integer.parseInt(get(HTTP_PORT));
    }

    /** The local address the health/metrics server listens on. */
    public String httpBind() {
        return get(HTTP_BIND).trim();
    }

    public int embeddedPort() {
        return Integer.parseInt(get(EMBEDDED_PORT));
    }

    public String embeddedDataDir() {
        return get(EMBEDDED_DATA_DIR);
    }

    public String applicationId() {
        return get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    public String processingGuarantee() {
        return get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    }

    public Optional<String> bootstrapServers() {
        String servers = values.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        return servers == null || servers.isBlank() ? Optional.empty() : Optional.of(servers.trim());
    }

    /** Kafka Streams properties: every non-enricher key, plus the dead-letter wiring derived from the enricher's keys. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        values.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                props.put(k, v);
            }
        });
        props.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic());
        props.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                "news.enricher.deadletter.DeadLetterDeserializationHandler");
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                "news.enricher.deadletter.DeadLetterProcessingHandler");
        props.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                "news.enricher.deadletter.DeadLetterProductionHandler");
        // A malformed row on the reference topic must not stop the global thread either.
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Kafka Streams creates its changelog and repartition topics itself: without these, they would get the
        // broker's defaults while every topic the enricher provisions gets the configured durability.
        topicReplicationFactor().ifPresent(rf ->
                props.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(rf)));
        topicMinInsyncReplicas().ifPresent(isr -> props.putIfAbsent(
                StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), String.valueOf(isr)));
        return props;
    }

    /** Plain client properties (admin, producer, consumer of the CLI tools): connection and security keys only. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (CLIENT_KEYS.contains(k) || CLIENT_KEY_PREFIXES.stream().anyMatch(k::startsWith)) {
                props.put(k, v);
            }
        });
        return props;
    }

    private static final Set<String> CLIENT_KEYS = Set.of("bootstrap.servers", "security.protocol",
            "client.dns.lookup", "request.timeout.ms", "default.api.timeout.ms", "socket.connection.setup.timeout.ms",
            "socket.connection.setup.timeout.max.ms", "metadata.max.age.ms", "reconnect.backoff.ms",
            "reconnect.backoff.max.ms", "retry.backoff.ms", "connections.max.idle.ms");
    private static final List<String> CLIENT_KEY_PREFIXES = List.of("sasl.", "ssl.");

    /** Raw view for diagnostics; callers must mask secrets (see {@link Secrets}). */
    public Map<String, String> asMap() {
        return values;
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("Missing configuration key " + key);
        }
        return v;
    }

    private void validate() {
        for (String key : List.of(RAW_TOPIC, REFERENCE_TOPIC, DEAD_LETTER_TOPIC, UNKNOWN_TICKERS_TOPIC,
                THEME_TOPIC_PREFIX, FALLBACK_THEME)) {
            if (get(key).isBlank()) {
                throw new IllegalArgumentException(key + " must not be empty");
            }
        }
        try {
            Duration retention = dedupRetention();
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException(DEDUP_RETENTION + " must be positive, was " + retention);
            }
            Objects.requireNonNull(topicReplicationFactor());
            Objects.requireNonNull(topicMinInsyncReplicas());
            if (topicPartitions() < 1) {
                throw new IllegalArgumentException(TOPIC_PARTITIONS + " must be at least 1");
            }
            if (themePartitions() < 1) {
                throw new IllegalArgumentException(THEME_PARTITIONS + " must be at least 1");
            }
            validateTrends();
            httpPort();
            validateBindAddress();
            embeddedPort();
            topicMaxMessageBytes();
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid enricher setting: " + e.getMessage(), e);
        }
    }

    private void validateTrends() {
        if (get(TRENDS_TOPIC).isBlank()) {
            throw new IllegalArgumentException(TRENDS_TOPIC + " must not be empty");
        }
        Duration window = trendsWindow();
        // Whole seconds at least: window starts are written as ISO instants in the trend records' keys.
        if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(TRENDS_WINDOW + " must be a positive whole number of seconds, was "
                    + window);
        }
        if (trendsEmitInterval().isNegative() || trendsEmitInterval().isZero()) {
            throw new IllegalArgumentException(TRENDS_EMIT_INTERVAL + " must be positive, was " + trendsEmitInterval());
        }
        if (trendsGrace().isNegative()) {
            throw new IllegalArgumentException(TRENDS_GRACE + " must not be negative, was " + trendsGrace());
        }
        if (trendsRetention().compareTo(window.plus(trendsGrace())) < 0) {
            throw new IllegalArgumentException(TRENDS_RETENTION + " must be at least " + TRENDS_WINDOW + " + "
                    + TRENDS_GRACE + ", was " + trendsRetention());
        }
    }

    /**
     * Syntax only: resolving here would make every config load (the CLI tools too) depend on DNS; an address that
     * does not resolve or is not local fails when the server binds. A blank value must not get through, as the JDK
     * reads an empty host as loopback and the endpoints would silently vanish from outside.
     */
    private void validateBindAddress() {
        String bind = httpBind();
        if (!HOST_OR_IPV4.matcher(bind).matches() && !IPV6_LITERAL.matcher(bind).matches()) {
            throw new IllegalArgumentException(HTTP_BIND + " must be a host name or IP address (no port, no scheme),"
                    + " was '" + bind + "'");
        }
    }

    private static final Pattern HOST_OR_IPV4 = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
    // Hex digits only, so a "host:port" mistake like localhost:8080 is rejected rather than taken for IPv6.
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?]?");

    @Override
    public String toString() {
        return Secrets.mask(values).toString();
    }
}
