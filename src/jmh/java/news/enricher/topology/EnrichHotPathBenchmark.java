package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import news.enricher.article.Article;
import news.enricher.article.ArticleVersion;
import news.enricher.config.EnricherConfig;
import news.enricher.extract.TickerExtractor;
import news.enricher.extract.TickerMention;
import news.enricher.json.Json;
import news.enricher.json.JsonSerde;
import news.enricher.ops.EnricherMetrics;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The enricher's per-article hot path on one thread, without Kafka's clients: the source deserializer (bytes → JSON
 * tree) and the real {@link EnrichProcessor} (validation, re-crawl check against a RocksDB versions store, ticker
 * extraction, reference lookups in a RocksDB store of the full table, one serialized copy per theme), as the stream
 * thread runs them. {@code parse}, {@code extract} and {@code serialize} are its main parts alone.
 *
 * <p>Articles: the real seed article (6 KB, 15 tickers, 5 themes) and the same with its body repeated to 200 KB.
 * Run with {@code mvn -B -Pjmh -DskipTests test-compile exec:exec}; {@code -prof gc} (the default
 * {@code jmh.args}) adds the bytes allocated per article ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EnrichHotPathBenchmark {

    @Param({"6KB", "200KB"})
    public String article;

    private final JsonSerde<ObjectNode> serde = JsonSerde.of(ObjectNode.class);
    private final TickerExtractor extractor = new TickerExtractor();
    private byte[] bytes;
    private ObjectNode tree;
    private Article parsed;
    private Path stateDir;
    private MockProcessorContext<String, Routed> context;
    private KeyValueStore<String, ArticleVersion> versions;
    private TimestampedKeyValueStore<String, TickerRow> reference;
    private EnricherMetrics metrics;
    private EnrichProcessor processor;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ObjectNode seed;
        try (InputStream in = EnrichHotPathBenchmark.class.getResourceAsStream("/samples/seed-article.json")) {
            seed = (ObjectNode) Json.MAPPER.readTree(in);
        }
        if (article.equals("200KB")) {
            String body = seed.get("body_md").textValue();
            StringBuilder big = new StringBuilder(210 * 1024);
            while (big.length() < 200 * 1024) {
                big.append(body).append("\n\n");
            }
            seed.set("body_md", TextNode.valueOf(big.toString()));
        }
        bytes = Json.MAPPER.writeValueAsBytes(seed);
        tree = serde.deserialize("raw", bytes);
        parsed = Article.from(tree);

        stateDir = Files.createTempDirectory("enrich-jmh");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-jmh");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        context = new MockProcessorContext<>(props, new org.apache.kafka.streams.processor.TaskId(0, 0),
                stateDir.toFile());
        versions = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EnricherTopology.VERSIONS_STORE),
                Serdes.String(), JsonSerde.of(ArticleVersion.class)).withLoggingDisabled().build();
        versions.init(context.getStateStoreContext(), versions);
        context.addStateStore(versions);
        reference = Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(EnricherTopology.REFERENCE_STORE), Serdes.String(),
                new ReferenceRowSerde()).withLoggingDisabled().build();
        reference.init(context.getStateStoreContext(), reference);
        context.addStateStore(reference);
        for (TickerRow row : TickerCsv.read(Path.of("config", "tickers.csv"))) {
            reference.put(row.referenceKey(), ValueAndTimestamp.make(row, 0L));
        }
        metrics = new EnricherMetrics();
        processor = new EnrichProcessor(EnricherConfig.defaults(),
                new EnricherHooks(TopicGuard.NONE, metrics, Clock.systemUTC()));
        processor.init(context);
        context.setCurrentStreamTimeMs(System.currentTimeMillis());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        versions.close();
        reference.close();
        metrics.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Everything the stream thread does for one new article between the consumer and the producer. */
    @Benchmark
    public int enrich() {
        ObjectNode event = serde.deserialize("raw", bytes);
        // A new article every time, as in production: a repeated id would be skipped as a re-crawl.
        String id = "jmh-" + sequence++;
        event.put("slug", id);
        context.resetForwards();
        processor.process(new Record<>(id, event, 0L));
        return context.forwarded().size();
    }

    @Benchmark
    public ObjectNode parse() {
        return serde.deserialize("raw", bytes);
    }

    @Benchmark
    public List<TickerMention> extract() {
        return extractor.extract(parsed.title(), parsed.summary(), parsed.bodyMd());
    }

    /** One full serialization of the input tree (the enricher writes one such per theme). */
    @Benchmark
    public byte[] serialize() {
        return serde.serialize("out", tree);
    }
}
