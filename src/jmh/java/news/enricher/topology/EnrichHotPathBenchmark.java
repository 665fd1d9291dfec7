package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import news.enricher.article.Article;
import news.enricher.article.ArticleReader;
import news.enricher.article.ArticleVersion;
import news.enricher.article.ArticleVersionSerde;
import news.enricher.bench.ArticleGenerator;
import news.enricher.config.EnricherConfig;
import news.enricher.enrich.ArticleEnricher;
import news.enricher.enrich.Enrichment;
import news.enricher.extract.TickerExtractor;
import news.enricher.extract.TickerMention;
import news.enricher.json.Json;
import news.enricher.ops.EnricherMetrics;
import news.enricher.reference.ReferenceIndex;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The enricher's per-article hot path on one thread, without Kafka's clients. {@code enrich} is what the stream
 * thread does between the consumer and the producer: the real {@link EnrichProcessor} with the re-crawl check against
 * a RocksDB versions store (compact values), then {@link ArticleEnricher} (one streaming read of the bytes,
 * extraction, reference lookups in the in-memory index of the full table, one copy per theme). {@code core} is the
 * Kafka-free core alone; {@code read} and {@code extract} are its main parts.
 *
 * <p>Not covered: Kafka Streams' own per-record work (record queues, the topic-name extractor, the record collector
 * and the producer's serialization, batching and compression) and the changelog write of the version; the bench's
 * legs measure those.
 *
 * <p>Articles: the real seed article (6 KB, 15 tickers, 5 themes), the same with its body repeated to 200 KB, and
 * {@code generated}: the bench's articles (2,048 in turn, 2-20 KB bodies, 0-40 links, 1-5 themes), so that the
 * per-article figure is comparable with the bench's legs.
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

    private static final String SLUG = "jmh-0000000000";

    /** How many generated articles the {@code generated} case cycles through. */
    private static final int GENERATED = 2048;

    @Param({"6KB", "200KB", "generated"})
    public String article;

    private final TickerExtractor extractor = new TickerExtractor();
    private final ArticleReader reader = new ArticleReader(Integer.MAX_VALUE);
    /** The articles each call takes in turn: one for the seed cases, {@link #GENERATED} bench articles otherwise. */
    private byte[][] articles;
    /** Where each article's slug digits sit: {@code enrich} writes a new id there, as a new article. */
    private int[] slugDigits;
    private Article[] parsed;
    private int next;
    private Path stateDir;
    private MockProcessorContext<String, Object> context;
    private KeyValueStore<String, ArticleVersion> versions;
    private EnricherMetrics metrics;
    private ArticleEnricher core;
    private EnrichProcessor processor;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        List<TickerRow> tickers = TickerCsv.read(Path.of("config", "tickers.csv"));
        if (article.equals("generated")) {
            // The bench's articles (2-20 KB bodies, 0-40 links, 1-5 themes), valid and new, none re-crawled.
            ArticleGenerator generator = new ArticleGenerator(tickers, 20261124, ArticleGenerator.Mix.CLEAN, SLUG);
            articles = new byte[GENERATED][];
            for (int i = 0; i < GENERATED; i++) {
                ArticleGenerator.Generated g;
                do {
                    g = generator.next();
                } while (g.kind() != ArticleGenerator.Kind.NEW);
                articles[i] = g.value();
            }
        } else {
            articles = new byte[][] {seed(article.equals("200KB"))};
        }
        slugDigits = new int[articles.length];
        parsed = new Article[articles.length];
        for (int i = 0; i < articles.length; i++) {
            String latin1 = new String(articles[i], StandardCharsets.ISO_8859_1);
            slugDigits[i] = latin1.indexOf("\"slug\":\"" + SLUG) + "\"slug\":\"".length() + 4;
            parsed[i] = reader.read(articles[i]);
        }

        ReferenceIndex reference = new ReferenceIndex();
        for (TickerRow row : tickers) {
            reference.put(row.referenceKey(), row);
        }
        EnricherConfig config = EnricherConfig.defaults();
        core = new ArticleEnricher(config, reference);

        stateDir = Files.createTempDirectory("enrich-jmh");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-jmh");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        context = new MockProcessorContext<>(props, new org.apache.kafka.streams.processor.TaskId(0, 0),
                stateDir.toFile());
        versions = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EnricherTopology.VERSIONS_STORE),
                Serdes.String(), new ArticleVersionSerde()).withLoggingDisabled().build();
        versions.init(context.getStateStoreContext(), versions);
        context.addStateStore(versions);
        metrics = new EnricherMetrics();
        processor = new EnrichProcessor(config, new EnricherHooks(TopicGuard.NONE, metrics, Clock.systemUTC()),
                reference);
        processor.init(context);
        context.setCurrentStreamTimeMs(System.currentTimeMillis());
    }

    private static byte[] seed(boolean grown) throws IOException {
        ObjectNode seed;
        try (InputStream in = EnrichHotPathBenchmark.class.getResourceAsStream("/samples/seed-article.json")) {
            seed = (ObjectNode) Json.MAPPER.readTree(in);
        }
        seed.put("slug", SLUG);
        if (grown) {
            String body = seed.get("body_md").textValue();
            StringBuilder big = new StringBuilder(210 * 1024);
            while (big.length() < 200 * 1024) {
                big.append(body).append("\n\n");
            }
            seed.set("body_md", TextNode.valueOf(big.toString()));
        }
        return Json.MAPPER.writeValueAsBytes(seed);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        versions.close();
        metrics.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Everything the stream thread does for one new article between the consumer and the producer. */
    @Benchmark
    public int enrich() {
        int i = nextArticle();
        // A new article every time, as in production: a repeated id would be skipped as a re-crawl.
        newSlug(i);
        context.resetForwards();
        processor.process(new Record<>(SLUG, articles[i], 0L));
        return context.forwarded().size();
    }

    /** The Kafka-free core alone: bytes in, copies and sightings out. */
    @Benchmark
    public Enrichment core() {
        return core.enrich(articles[nextArticle()], "2026-12-03T08:00:00.000Z");
    }

    @Benchmark
    public Article read() {
        return reader.read(articles[nextArticle()]);
    }

    @Benchmark
    public List<TickerMention> extract() {
        Article a = parsed[nextArticle()];
        return extractor.extract(a.title(), a.summary(), a.bodyMd());
    }

    private int nextArticle() {
        int i = next;
        next = i + 1 == articles.length ? 0 : i + 1;
        return i;
    }

    private void newSlug(int article) {
        byte[] bytes = articles[article];
        long n = sequence++;
        for (int i = slugDigits[article] + 9; i >= slugDigits[article]; i--) {
            bytes[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
    }
}
