package news.enricher.topology;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates, de-duplicates, extracts, joins and fans out one raw article. */
final class EnrichProcessor implements Processor<String, ObjectNode, String, Routed> {

    static final int SCHEMA_VERSION = 1;
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The fields the enricher adds, in the order it adds them. */
    private static final List<String> ADDED_FIELDS =
            List.of("tickers", "unknown_tickers", "theme", "symbols", "enriched_at", "schema_version");
    private static final int MAX_REMEMBERED_THEMES = 4096;
    private static final byte[] THEME_FIELD = ",\"theme\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final EnricherConfig config;
    private final EnricherHooks hooks;
    private final TickerExtractor extractor = new TickerExtractor();
    private final Duration retention;
    private final Set<String> allowlist;
    private final int maxMessageBytes;
    private final JsonSerde<ObjectNode> json = JsonSerde.of(ObjectNode.class);
    private final JsonSerde<TextNode> textJson = JsonSerde.of(TextNode.class);
    /** One processor per task, used by one thread at a time: a plain map. */
    private final Map<String, byte[]> themeJson = new HashMap<>();

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
        ArticleVersion incoming = ArticleVersion.of(article, context.currentStreamTimeMs(), source());
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
        if (hasNoAddedField(article.raw())) {
            serializeCopies(article.raw(), tickers, unknown, symbols, enrichedAt, themes, copies);
        } else {
            // An input field named like an added one keeps its position; the general path handles that.
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
        // Under at-least-once a crash can still leave this changelogged without the copies; the remembered source
        // position lets the replay of this record publish again instead of passing for a re-crawl.
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

    private ArticleVersion.Source source() {
        return context.recordMetadata()
                .map(m -> new ArticleVersion.Source(m.topic(), m.partition(), m.offset()))
                .orElse(null);
    }

    private static boolean hasNoAddedField(ObjectNode raw) {
        for (String field : ADDED_FIELDS) {
            if (raw.has(field)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The copies of an article whose fields are all its own: the part every copy shares (the input fields, then
     * {@code tickers} and {@code unknown_tickers}) is serialized once, and each copy is that part followed by its
     * own {@code theme} and the shared tail ({@code symbols}, {@code enriched_at}, {@code schema_version}). The
     * bytes are exactly those of serializing each copy whole, at the cost of one serialization instead of one per
     * theme.
     */
    private void serializeCopies(ObjectNode raw, ArrayNode tickers, ArrayNode unknown, ArrayNode symbols,
                                 String enrichedAt, List<String> themes, List<Routed> copies) {
        ObjectNode shared = NODES.objectNode();
        shared.setAll(raw);
        shared.set("tickers", tickers);
        shared.set("unknown_tickers", unknown);
        byte[] head = json.serialize(null, shared); // {...,"unknown_tickers":[...]}
        ObjectNode last = NODES.objectNode();
        last.set("symbols", symbols);
        last.put("enriched_at", enrichedAt);
        last.put("schema_version", SCHEMA_VERSION);
        byte[] tail = json.serialize(null, last); // {"symbols":[...],"enriched_at":"...","schema_version":1}
        for (String theme : themes) {
            byte[] value = themeJson(theme); // "theme"
            int length = head.length - 1 + THEME_FIELD.length + value.length + tail.length;
            byte[] copy = new byte[length];
            int at = head.length - 1;
            System.arraycopy(head, 0, copy, 0, at);
            System.arraycopy(THEME_FIELD, 0, copy, at, THEME_FIELD.length);
            at += THEME_FIELD.length;
            System.arraycopy(value, 0, copy, at, value.length);
            at += value.length;
            copy[at++] = ',';
            System.arraycopy(tail, 1, copy, at, tail.length - 1);
            copies.add(new Routed(config.themeTopic(theme), withinLimit(copy)));
        }
    }

    /** A theme as a JSON string; themes repeat from article to article, so each is written once. */
    private byte[] themeJson(String theme) {
        byte[] value = themeJson.get(theme);
        if (value == null) {
            if (themeJson.size() >= MAX_REMEMBERED_THEMES) {
                themeJson.clear();
            }
            value = textJson.serialize(null, NODES.textNode(theme));
            themeJson.put(theme, value);
        }
        return value;
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
