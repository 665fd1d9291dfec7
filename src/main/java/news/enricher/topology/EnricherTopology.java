package news.enricher.topology;

import news.enricher.article.ArticleVersionSerde;
import news.enricher.config.EnricherConfig;
import news.enricher.reference.ReferenceIndex;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.Properties;

/**
 * The whole enricher as one Kafka Streams topology, built from configuration only, so the service, the offline
 * {@code enrich} command, the benchmark and the tests all run the same thing.
 *
 * <pre>
 * news.articles.raw ─▶ enrich ─▶ news.enriched.&lt;theme&gt; (one copy per theme)
 *                       │  ▲   └─▶ news.tickers.unknown  (one per unknown ticker)
 *   article-versions ◀──┘  └── reference index ◀── reference.tickers (global store)
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

    private EnricherTopology() {
    }

    public static Topology build(EnricherConfig config) {
        return build(config, EnricherHooks.none());
    }

    public static Topology build(EnricherConfig config, EnricherHooks hooks) {
        Properties props = config.streamsProperties();
        // Only topology-level settings are read here; the address is not, but StreamsConfig insists on one.
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));

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
        articles.process(() -> new EnrichProcessor(config, hooks, reference), Named.as("enrich"), VERSIONS_STORE)
                .to(new RoutedTopics(), Produced.with(Serdes.String(), new RoutedSerde()).withName("routed-output"));

        return builder.build();
    }
}
