package news.enricher.topology;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.json.JsonSerde;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.reference.TickerRow;
import news.enricher.testkit.SchemaCheck;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** The production topology under TopologyTestDriver, with helpers to feed it and to collect every output. */
final class TopologyFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    final EnricherConfig config;
    final TopologyTestDriver driver;
    /** What the topology reported through its events, in order ("tombstone", "recrawl", "enriched:ai", ...). */
    final List<String> events = new java.util.ArrayList<>();
    /** The end-to-end latency reported for each published article, in order. */
    final List<Duration> latencies = new java.util.ArrayList<>();
    /** The reason of each dead letter, as the exception handlers reported it, in order. */
    final List<String> deadLetters = new java.util.ArrayList<>();
    /** The top-level field names of every article piped, by article id, for the enriched events' schema check. */
    private final Map<String, Set<String>> inputFields = new HashMap<>();
    private final TestInputTopic<String, byte[]> raw;
    private final TestInputTopic<String, TickerRow> reference;

    TopologyFixture(EnricherConfig config, Path stateDir) {
        this(config, stateDir, TopicGuard.NONE);
    }

    TopologyFixture(EnricherConfig config, Path stateDir, TopicGuard guard) {
        this(config, stateDir, guard, Map.of());
    }

    /** @param extraProps added to the Streams configuration, e.g. objects the exception handlers look up */
    TopologyFixture(EnricherConfig config, Path stateDir, TopicGuard guard, Map<String, Object> extraProps) {
        this.config = config;
        Properties props = config.streamsProperties();
        props.putAll(extraProps);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "topology-test:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, OfflineEnricher.OFFLINE_GUARANTEE);
        EnricherEvents recorder = recording(events, latencies, deadLetters);
        props.put(EnricherEvents.CONFIG, recorder);
        EnricherHooks hooks = new EnricherHooks(guard, recorder, Clock.fixed(NOW, ZoneOffset.UTC));
        this.driver = new TopologyTestDriver(EnricherTopology.build(config, hooks), props);
        this.raw = driver.createInputTopic(config.rawTopic(), new StringSerializer(), new ByteArraySerializer());
        this.reference = driver.createInputTopic(config.referenceTopic(), new StringSerializer(),
                JsonSerde.of(TickerRow.class));
    }

    /** Appends each event to {@code events} as {@link #events} words it; processor tests use it without a driver. */
    static EnricherEvents recording(List<String> events) {
        return recording(events, new java.util.ArrayList<>(), new java.util.ArrayList<>());
    }

    /** Also appends each published article's end-to-end latency and each dead letter's reason to the lists. */
    static EnricherEvents recording(List<String> events, List<Duration> latencies, List<String> deadLetters) {
        return new EnricherEvents() {
            @Override
            public void tombstoneSkipped() {
                events.add("tombstone");
            }

            @Override
            public void recrawlSkipped() {
                events.add("recrawl");
            }

            @Override
            public void staleSkipped() {
                events.add("stale");
            }

            @Override
            public void enriched(String theme) {
                events.add("enriched:" + theme);
            }

            @Override
            public void unknownTicker() {
                events.add("unknown");
            }

            @Override
            public void trendLate() {
                events.add("trend-late");
            }

            @Override
            public void published(Duration latency) {
                latencies.add(latency);
            }

            @Override
            public void deadLettered(String reason) {
                deadLetters.add(reason);
            }
        };
    }

    void reference(List<TickerRow> rows) {
        rows.forEach(row -> reference.pipeInput(row.referenceKey(), row));
    }

    void deleteReference(String key) {
        reference.pipeInput(key, null);
    }

    void pipe(String key, String json) {
        pipe(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    void pipe(String key, byte[] value, Instant timestamp) {
        String id = articleId(value);
        if (id != null) {
            inputFields.computeIfAbsent(id, i -> new HashSet<>()).addAll(SchemaCheck.fieldNames(value));
        }
        raw.pipeInput(key, value, timestamp);
    }

    private static String articleId(byte[] value) {
        try {
            JsonNode article = value == null ? null : Json.MAPPER.readTree(value);
            for (String field : List.of("slug", "url")) {
                JsonNode id = article == null ? null : article.get(field);
                if (id != null && id.isTextual()) {
                    return id.textValue();
                }
            }
        } catch (IOException | RuntimeException notAnArticle) {
            // It becomes a dead letter.
        }
        return null;
    }

    /**
     * Every record written to any topic since the last call, by topic. Each must conform to its published schema
     * ({@link SchemaCheck}): a change to an output's shape that the schemas do not describe fails here.
     */
    Map<String, List<TestRecord<String, byte[]>>> drain() {
        Map<String, List<TestRecord<String, byte[]>>> out = new TreeMap<>();
        for (String topic : driver.producedTopicNames()) {
            if (topic.startsWith(config.applicationId() + "-")) {
                continue; // a state store changelog, not an output
            }
            List<TestRecord<String, byte[]>> records = driver
                    .createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList();
            for (TestRecord<String, byte[]> r : records) {
                SchemaCheck.assertConforms(config, topic, r.value(), OutputRecord.textHeaders(r.headers()),
                        inputFields.getOrDefault(r.key(), Set.of()));
            }
            if (!records.isEmpty()) {
                out.put(topic, records);
            }
        }
        return out;
    }

    /** Lets wall-clock punctuations run, as the commit interval passing would. */
    void advanceWallClock(java.time.Duration by) {
        driver.advanceWallClockTime(by);
    }

    static String seedArticle() {
        try {
            return Files.readString(Path.of("src/test/resources/samples/seed-article.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
