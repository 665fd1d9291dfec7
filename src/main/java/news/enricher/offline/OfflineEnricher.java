package news.enricher.offline;

import news.enricher.config.EnricherConfig;
import news.enricher.deadletter.DeadLetterLog;
import news.enricher.json.JsonSerde;
import news.enricher.reference.TickerRow;
import news.enricher.topology.EnricherEvents;
import news.enricher.topology.EnricherHooks;
import news.enricher.topology.EnricherTopology;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Runs the production topology without a broker, through Kafka's TopologyTestDriver: what a user runs to see what
 * the enricher will do with their data. Exception handlers and the dead-letter queue behave as in the service.
 */
public final class OfflineEnricher implements AutoCloseable {

    /**
     * The driver has no broker transactions: under exactly-once its mock producer holds a dead letter written during
     * deserialization in an open transaction until some later record commits it. At-least-once shows every output
     * as soon as its input is piped, and the outputs themselves are the same.
     */
    public static final String OFFLINE_GUARANTEE = StreamsConfig.AT_LEAST_ONCE;

    private final EnricherConfig config;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> raw;
    private final Map<String, TestOutputTopic<String, byte[]>> outputs = new HashMap<>();
    // The topics written for the current input, in the order the topology wrote them (TopologyTestDriver keeps one
    // queue per topic, so the cross-topic order is recorded here from the topology's own events).
    private final List<String> writeOrder = new ArrayList<>();
    private final Duration passInterval;
    private boolean internalTopics;

    public OfflineEnricher(EnricherConfig config, List<TickerRow> tickers, Clock clock) {
        this(config, tickers, clock, new DeadLetterLog());
    }

    /** @param deadLetterLog where the exception handlers log dead letters (the demo's prediction logs none) */
    public OfflineEnricher(EnricherConfig config, List<TickerRow> tickers, Clock clock, DeadLetterLog deadLetterLog) {
        this.config = config;
        try {
            this.stateDir = Files.createTempDirectory("news-enricher-offline");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory for the offline run", e);
        }
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, OFFLINE_GUARANTEE);
        Duration commit = Duration.ofMillis(new StreamsConfig(props).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        // Long enough for the commit and for the trends' emit interval, whichever is longer, to pass once per input.
        this.passInterval = commit.compareTo(config.trendsEmitInterval()) > 0 ? commit : config.trendsEmitInterval();
        props.put(DeadLetterLog.CONFIG, deadLetterLog);
        EnricherEvents recorder = new EnricherEvents() {
            @Override
            public void enriched(String theme) {
                writeOrder.add(config.themeTopic(theme));
            }

            @Override
            public void unknownTicker() {
                writeOrder.add(config.unknownTickersTopic());
            }
        };
        EnricherHooks hooks = EnricherHooks.none().withClock(clock);
        this.driver = new TopologyTestDriver(
                EnricherTopology.build(config, new EnricherHooks(hooks.topicGuard(), recorder, clock)), props);
        TestInputTopic<String, TickerRow> reference = driver.createInputTopic(config.referenceTopic(),
                new StringSerializer(), JsonSerde.of(TickerRow.class));
        tickers.forEach(row -> reference.pipeInput(row.referenceKey(), row));
        this.raw = driver.createInputTopic(config.rawTopic(), new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Also returns what the topology writes to Kafka Streams' own topics (the state store's changelog), after the
     * other records of an input: the benchmark sizes its baseline's writes on them.
     */
    public OfflineEnricher includeInternalTopics() {
        this.internalTopics = true;
        return this;
    }

    /** Feeds one raw record and returns everything the topology wrote for it, in processing order. */
    public List<OutputRecord> enrich(String key, byte[] value) {
        writeOrder.clear();
        raw.pipeInput(key, value);
        // The trends are sent at commits and emit intervals, which the driver makes on wall-clock time: one per input.
        driver.advanceWallClockTime(passInterval);
        List<OutputRecord> results = new ArrayList<>();
        for (String topic : writeOrder) {
            results.add(toOutput(topic, output(topic).readRecord()));
        }
        // Whatever the events did not announce (dead letters) came after the announced records.
        driver.producedTopicNames().stream().filter(this::isOutput).sorted(Comparator.naturalOrder()).forEach(topic -> {
            TestOutputTopic<String, byte[]> out = output(topic);
            while (!out.isEmpty()) {
                results.add(toOutput(topic, out.readRecord()));
            }
        });
        return results;
    }

    /** Kafka Streams' own topics (state store changelogs) are prefixed with the application id. */
    private boolean isOutput(String topic) {
        return internalTopics || !topic.startsWith(config.applicationId() + "-");
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return outputs.computeIfAbsent(topic,
                t -> driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer()));
    }

    private static OutputRecord toOutput(String topic, TestRecord<String, byte[]> record) {
        return new OutputRecord(topic, record.key(), record.value(), OutputRecord.textHeaders(record.headers()));
    }

    public EnricherConfig config() {
        return config;
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; failing the user's run for it is not.
        }
    }
}
