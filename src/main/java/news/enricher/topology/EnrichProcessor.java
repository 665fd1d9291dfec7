package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.article.Article;
import news.enricher.article.ArticleVersion;
import news.enricher.article.InvalidArticleException;
import news.enricher.article.Themes;
import news.enricher.article.VersionCheck;
import news.enricher.config.EnricherConfig;
import news.enricher.extract.AssetClass;
import news.enricher.extract.TickerExtractor;
import news.enricher.extract.TickerMention;
import news.enricher.json.JsonSerde;
import news.enricher.reference.ReferenceKeys;
import news.enricher.reference.TickerRow;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validates, de-duplicates, extracts, joins and fans out one raw article. */
final class EnrichProcessor implements Processor<String, ObjectNode, String, Routed> {

    static final int SCHEMA_VERSION = 1;
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final EnricherConfig config;
    private final EnricherHooks hooks;
    private final TickerExtractor extractor = new TickerExtractor();
    private final Duration retention;
    private final Set<String> allowlist;
    private final int maxMessageBytes;
    private final JsonSerde<ObjectNode> json = JsonSerde.of(ObjectNode.class);

    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, ArticleVersion> versions;
    private KeyValueStore<String, ValueAndTimestamp<TickerRow>> reference;

    EnrichProcessor(EnricherConfig config, EnricherHooks hooks) {
        this.config = config;
        this.hooks = hooks;
        this.retention = config.dedupRetention();
        this.allowlist = config.themeAllowlist();
        // Headroom for the record's key, headers and batch overhead inside the topic's max.message.bytes.
        this.maxMessageBytes = config.topicMaxMessageBytes() - 64 * 1024;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.versions = context.getStateStore(EnricherTopology.VERSIONS_STORE);
        this.reference = context.getStateStore(EnricherTopology.REFERENCE_STORE);
        // Stream time, not wall-clock: retention is about how far apart versions of an article arrive, and replaying
        // old data must not purge what the replay still needs.
        context.schedule(PURGE_INTERVAL, PunctuationType.STREAM_TIME, this::purgeExpiredVersions);
    }

    @Override
    public void process(Record<String, ObjectNode> record) {
        if (record.value() == null) {
            hooks.events().tombstoneSkipped();
            return;
        }
        Article article = Article.from(record.value());
        ArticleVersion seen = versions.get(article.id());
        ArticleVersion incoming = ArticleVersion.of(article, context.currentStreamTimeMs());
        VersionCheck.Verdict verdict = VersionCheck.decide(seen, incoming, retention);
        if (!verdict.publish()) {
            if (verdict == VersionCheck.Verdict.STALE) {
                hooks.events().staleSkipped();
            } else {
                hooks.events().recrawlSkipped();
            }
            return;
        }

        List<TickerMention> mentions = extractor.extract(article.title(), article.summary(), article.bodyMd());
        ArrayNode tickers = NODES.arrayNode();
        ArrayNode unknown = NODES.arrayNode();
        ArrayNode symbols = NODES.arrayNode();
        List<TickerMention> unknownMentions = new ArrayList<>();
        for (TickerMention mention : mentions) {
            symbols.add(mention.symbol());
            TickerRow row = lookup(mention);
            if (row == null) {
                unknown.add(unknownTicker(mention));
                unknownMentions.add(mention);
            } else {
                tickers.add(resolvedTicker(mention, row));
            }
        }
        List<String> themes = Themes.route(article.topics(), allowlist, config.fallbackTheme(),
                config.themeTopicPrefix());
        String enrichedAt = hooks.clock().instant().toString();

        List<Routed> copies = new ArrayList<>(themes.size());
        ObjectNode copy = article.raw().deepCopy();
        copy.set("tickers", tickers);
        copy.set("unknown_tickers", unknown);
        for (String theme : themes) {
            // Copies differ only in `theme`; each is serialized before the next replaces it in place.
            copy.put("theme", theme);
            copy.set("symbols", symbols);
            copy.put("enriched_at", enrichedAt);
            copy.put("schema_version", SCHEMA_VERSION);
            copies.add(new Routed(config.themeTopic(theme), withinLimit(json.serialize(null, copy))));
        }
        List<Routed> sightings = new ArrayList<>(unknownMentions.size());
        for (TickerMention mention : unknownMentions) {
            ObjectNode sighting = unknownTicker(mention);
            sighting.put("article_id", article.id());
            sighting.put("seen_at", enrichedAt);
            sightings.add(new Routed(config.unknownTickersTopic(), json.serialize(null, sighting)));
        }
        for (Routed out : copies) {
            hooks.topicGuard().ensureExists(out.topic());
        }
        // Everything that can fail has run; only now is the version remembered, so a failure leaves it publishable.
        versions.put(article.id(), VersionCheck.remember(seen, incoming));

        for (int i = 0; i < copies.size(); i++) {
            context.forward(record.withKey(article.id()).withValue(copies.get(i)));
            hooks.events().enriched(themes.get(i));
        }
        for (int i = 0; i < sightings.size(); i++) {
            context.forward(record.withKey(unknownMentions.get(i).symbol()).withValue(sightings.get(i)));
            hooks.events().unknownTicker();
        }
    }

    /** A copy the broker would refuse must not reach the producer, where it would stop the stream thread. */
    private byte[] withinLimit(byte[] value) {
        if (value.length > maxMessageBytes) {
            throw new InvalidArticleException("Enriched article is " + value.length + " bytes, over the "
                    + maxMessageBytes + "-byte limit of the themed topics (" + EnricherConfig.TOPIC_MAX_MESSAGE_BYTES
                    + ")");
        }
        return value;
    }

    private TickerRow lookup(TickerMention mention) {
        String key = mention.assetClass() == AssetClass.CRYPTO
                ? ReferenceKeys.cryptoKey(mention.symbol())
                : ReferenceKeys.equityKey(mention.symbol());
        ValueAndTimestamp<TickerRow> row = reference.get(key);
        return row == null ? null : row.value();
    }

    private static ObjectNode resolvedTicker(TickerMention mention, TickerRow row) {
        ObjectNode t = NODES.objectNode();
        t.put("symbol", mention.symbol());
        t.put("asset_class", mention.assetClass().wireName());
        t.put("name", emptyToNull(row.name()));
        t.put("exchange", emptyToNull(row.exchange()));
        t.put("sector", emptyToNull(row.sector()));
        t.put("industry", emptyToNull(row.industry()));
        t.put("country", emptyToNull(row.country()));
        t.put("mentions", mention.mentions());
        t.set("link_texts", linkTexts(mention));
        return t;
    }

    private static ObjectNode unknownTicker(TickerMention mention) {
        ObjectNode t = NODES.objectNode();
        t.put("symbol", mention.symbol());
        t.put("asset_class", mention.assetClass().wireName());
        t.put("mentions", mention.mentions());
        t.set("link_texts", linkTexts(mention));
        return t;
    }

    private static ArrayNode linkTexts(TickerMention mention) {
        ArrayNode texts = NODES.arrayNode();
        mention.linkTexts().forEach(texts::add);
        return texts;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private void purgeExpiredVersions(long streamTimeMs) {
        long oldestKept = streamTimeMs - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, ArticleVersion> all = versions.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.seenAtMs() < oldestKept) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(versions::delete);
    }
}
