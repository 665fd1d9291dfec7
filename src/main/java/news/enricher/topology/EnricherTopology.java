package news.enricher.topology;

import news.enricher.article.ArticleVersionSerde;
import news.enricher.config.EnricherConfig;
import news.enricher.reference.ReferenceIndex;
import news.enricher.enrich.Output;
import news.enricher.trends.PublishedArticle;
import news.enricher.trends.TrendShares;
import news.enricher.trends.TrendSerdes;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The whole enricher as one Kafka Streams topology, built from configuration only, so the service, the offline
 * {@code enrich} command, the benchmark and the tests all run the same thing.
 *
 * <pre>
 * news.articles.raw ─▶ enrich ─▶ news.enriched.&lt;theme&gt; (one copy per theme)
 *                       │  ▲   ├─▶ news.tickers.unknown  (one per unknown ticker)
 *   article-versions ◀──┘  │   └─▶ combine-trends ─▶ trends-by-ticker ─▶ count-trends ─▶ news.trends.tickers
 *                          │         (shares, by task)   (repartition)      (totals)         │
 *                          └── reference index ◀── reference.tickers    trends-view ◀───────┘ (global store)
 * </pre>
 *
 * What an article becomes is {@link news.enricher.enrich.ArticleEnricher}'s; the processor around it holds the
 * state. Bad input never needs code here: bytes that are not a JSON object throw Kafka's
 * {@code SerializationException}, invalid articles {@link news.enricher.article.InvalidArticleException}, and Kafka
 * Streams' processing exception handler writes the original record to the dead-letter topic configured by
 * {@link EnricherConfig#streamsProperties()}.
 */
public final class EnricherTopology {

    public static final String REFERENCE_STORE = "reference-tickers";
    public static final String VERSIONS_STORE = "article-versions";
    /** Name of the repartition topic (behind the application id) used with {@code rekey-by-article-id}. */
    public static final String BY_ARTICLE_ID = "by-article-id";
    static final String TREND_CONTRIBUTIONS_STORE = "trend-contributions";
    static final String TREND_STREAM_TIME_STORE = "trend-stream-time";
    static final String TREND_RETRACTED_STORE = "trend-retracted";
    static final String TREND_TOTALS_STORE = "trend-totals";
    /** Every instance's copy of the trends topic, which the HTTP API reads. */
    public static final String TRENDS_VIEW_STORE = "trends-view";
    /** Name of the repartition topic (behind the application id) that brings each count's shares together. */
    public static final String TRENDS_BY_TICKER = "trends-by-ticker";

    private EnricherTopology() {
    }

    public static Topology build(EnricherConfig config) {
        return build(config, EnricherHooks.none());
    }

    /** The Kafka Streams settings of {@code config}, defaults applied, for reading topology-level values. */
    static StreamsConfig streamsConfig(EnricherConfig config) {
        Properties props = config.streamsProperties();
        // Only topology-level settings are read here; the address is not, but StreamsConfig insists on one.
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new StreamsConfig(props);
    }

    public static Topology build(EnricherConfig config, EnricherHooks hooks) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(streamsConfig(config)));

        // Shared by the global thread, which writes it, and every stream thread of this client, which read it.
        ReferenceIndex reference = new ReferenceIndex();
        // In memory: the global store is rebuilt from the compacted topic at every start (a few thousand rows), and
        // the lookups go to the index, never to the store.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(REFERENCE_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                config.referenceTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("reference-source"),
                () -> new ReferenceUpdater(reference));

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(VERSIONS_STORE), Serdes.String(), new ArticleVersionSerde()));

        // The raw value is read as bytes and parsed by the enrich processor itself, not by the source's deserializer.
        // Kafka Streams deserializes a record ahead of processing it (as it is queued, or as the record before it is
        // taken), and a dead letter written then is committed with an offset that does not yet cover its record: a
        // stop or a rebalance at that moment had the next owner dead-letter the record again (GracefulStopIT). A
        // record that fails in the processor is dead-lettered while it is itself processed, atomically with its
        // offset under exactly-once.
        KStream<String, byte[]> articles = builder.stream(config.rawTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("raw-articles"));
        if (config.rekeyByArticleId()) {
            // All versions of an article must meet in one task for de-duplication to see them. The keyer validates,
            // so an invalid article is dead-lettered with the key it arrived with; the bytes travel unchanged.
            articles = articles.process(() -> new ArticleKeyer(config, hooks.events()), Named.as("key-by-article-id"))
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(BY_ARTICLE_ID));
        }
        KStream<String, Object> enriched =
                articles.process(() -> new EnrichProcessor(config, hooks, reference), Named.as("enrich"), VERSIONS_STORE);
        KStream<String, Output> outputs = only(enriched, Output.class, "outputs");
        outputs.to(new RoutedTopics(), Produced.with(Serdes.String(), new RoutedSerde()).withName("routed-output"));
        if (config.trendsEnabled()) {
            countTrends(builder, config, hooks, only(enriched, PublishedArticle.class, "published-articles"));
        }
        return builder.build();
    }

    /**
     * The trends: each task combines its articles' counts ({@link TrendCombiner}), the shares meet by (theme, ticker,
     * window) in {@link TrendCounter}, which publishes each changed count, and every instance keeps a copy of the
     * published counts to answer queries from.
     */
    private static void countTrends(StreamsBuilder builder, EnricherConfig config, EnricherHooks hooks,
                                    KStream<String, PublishedArticle> published) {
        Serde<TrendShares> sharesSerde = TrendSerdes.shares();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TREND_CONTRIBUTIONS_STORE),
                Serdes.String(), TrendSerdes.contributions()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TREND_STREAM_TIME_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TREND_RETRACTED_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        // Cached: the changelog gets one write per changed count per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TREND_TOTALS_STORE),
                Serdes.String(), TrendSerdes.totals()).withCachingEnabled());
        published.process(() -> new TrendCombiner(config, hooks), Named.as("combine-trends"),
                        TREND_CONTRIBUTIONS_STORE, TREND_STREAM_TIME_STORE, TREND_RETRACTED_STORE)
                .repartition(Repartitioned.with(Serdes.String(), sharesSerde).withName(TRENDS_BY_TICKER)
                        // The key is the bucket: bucket b always goes to partition b mod n, whatever n is.
                        .withStreamPartitioner((topic, bucket, value, partitions) ->
                                Optional.of(Set.of(Integer.parseInt(bucket) % partitions))))
                .process(() -> new TrendCounter(config, hooks), Named.as("count-trends"), TREND_TOTALS_STORE)
                .to(config.trendsTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("trends-output"));

        builder.globalTable(config.trendsTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("trends-view-source"),
                // On disk: the topic holds a count per theme, ticker and window of the retention, which a backfill of
                // high-cardinality articles makes millions; on the heap that ran a 256 MB instance out of memory.
                Materialized.<String, byte[]>as(Stores.persistentKeyValueStore(TRENDS_VIEW_STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray())
                        .withCachingDisabled().withLoggingDisabled());
    }

    /** The records of {@code stream} of one type; the enrich step forwards more than one. */
    @SuppressWarnings("unchecked")
    private static <T> KStream<String, T> only(KStream<String, Object> stream, Class<T> type, String name) {
        return (KStream<String, T>) (KStream<String, ?>) stream.filter((key, value) -> type.isInstance(value),
                Named.as(name));
    }
}
