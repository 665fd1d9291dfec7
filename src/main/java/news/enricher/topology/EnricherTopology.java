package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.article.ArticleVersion;
import news.enricher.config.EnricherConfig;
import news.enricher.json.JsonSerde;
import news.enricher.reference.TickerRow;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.Properties;

/**
 * The whole enricher as one Kafka Streams topology, built from configuration only, so the service, the offline
 * {@code enrich} command and the tests all run the same thing.
 *
 * <pre>
 * news.articles.raw ─▶ parse-json ─(object or DLQ)─▶ enrich ─▶ news.enriched.&lt;theme&gt; (one copy per theme)
 *                                                   │  ▲   └─▶ news.tickers.unknown  (one per unknown ticker)
 *                               article-versions ◀──┘  └── reference.tickers (GlobalKTable)
 * </pre>
 *
 * Bad input never needs code here: undecodable bytes fail in the {@code parse-json} step and invalid articles throw
 * {@link news.enricher.article.InvalidArticleException}; Kafka Streams' processing exception handler then writes the
 * original record to the dead-letter topic configured by {@link EnricherConfig#streamsProperties()}.
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

        ReferenceRowSerde referenceRows = new ReferenceRowSerde();
        builder.globalTable(config.referenceTopic(),
                Consumed.with(Serdes.String(), referenceRows).withName("reference-source"),
                Materialized.<String, TickerRow, KeyValueStore<Bytes, byte[]>>as(REFERENCE_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(referenceRows));

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(VERSIONS_STORE), Serdes.String(), JsonSerde.of(ArticleVersion.class)));

        // The raw value is parsed by a processor, not by the source's deserializer. Kafka Streams deserializes a
        // record ahead of processing it (as it is queued, or as the record before it is taken), and a dead letter
        // written then is committed with an offset that does not yet cover its record: a stop or a rebalance at
        // that moment had the next owner dead-letter the record again (GracefulStopIT). A record that fails here
        // is dead-lettered while it is itself processed, atomically with its offset under exactly-once.
        // An article over the topics' limit could not be published anyway; it is refused before it is parsed.
        JsonSerde<ObjectNode> rawJson = JsonSerde.of(ObjectNode.class).withMaxBytes(config.topicMaxMessageBytes());
        String rawTopic = config.rawTopic();
        KStream<String, ObjectNode> articles = builder.stream(rawTopic,
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("raw-articles"))
                .mapValues(bytes -> rawJson.deserialize(rawTopic, bytes), Named.as("parse-json"));
        if (config.rekeyByArticleId()) {
            // All versions of an article must meet in one task for de-duplication to see them. What goes through
            // the repartition topic was parsed and written here, so it is read back without the input limit.
            articles = articles.process(() -> new ArticleKeyer(hooks.events()), Named.as("key-by-article-id"))
                    .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(ObjectNode.class))
                            .withName(BY_ARTICLE_ID));
        }
        articles.process(() -> new EnrichProcessor(config, hooks), Named.as("enrich"), VERSIONS_STORE)
                .to(new RoutedTopics(), Produced.with(Serdes.String(), new RoutedSerde()).withName("routed-output"));

        return builder.build();
    }
}
