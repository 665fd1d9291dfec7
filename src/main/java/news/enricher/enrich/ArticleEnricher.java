package news.enricher.enrich;

import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.article.Article;
import news.enricher.article.ArticleReader;
import news.enricher.article.InvalidArticleException;
import news.enricher.article.RawObject;
import news.enricher.article.Themes;
import news.enricher.config.EnricherConfig;
import news.enricher.extract.AssetClass;
import news.enricher.extract.TickerExtractor;
import news.enricher.extract.TickerMention;
import news.enricher.json.Json;
import news.enricher.json.JsonBytes;
import news.enricher.reference.ReferenceIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an article becomes, bytes in and records out, with no Kafka in sight: the processor, the offline command, the
 * benchmark's planning and JMH all call this one class.
 *
 * <p>Each enriched copy is the input's own bytes up to its closing brace, followed by the added fields
 * ({@link Article#ADDED_FIELDS}): input fields come out byte-identical, formatting and escapes included. The added
 * fields are rendered once per article; copies differ only in {@code theme}. An input that already names an added
 * field takes the tree path instead, where that field keeps its position and takes the added value.
 *
 * <p>Not thread-safe (it reuses one buffer): one instance per stream task or thread.
 */
public final class ArticleEnricher {

    public static final int SCHEMA_VERSION = 1;
    /** Room for the record's key, headers and batch overhead inside the topic's {@code max.message.bytes}. */
    static final int RECORD_OVERHEAD = 64 * 1024;
    private static final int MAX_REMEMBERED_THEMES = 4096;

    private final ArticleReader reader;
    private final ReferenceIndex reference;
    private final TickerExtractor extractor = new TickerExtractor();
    private final Set<String> allowlist;
    private final String fallbackTheme;
    private final String themePrefix;
    private final String unknownTickersTopic;
    private final int maxCopyBytes;
    private final JsonBytes out = new JsonBytes(16 * 1024);
    /** A theme's JSON string and topic name; themes repeat from article to article, so each is made once. */
    private final Map<String, ThemeOut> themes = new HashMap<>();

    public ArticleEnricher(EnricherConfig config, ReferenceIndex reference) {
        this.reader = new ArticleReader(config.topicMaxMessageBytes());
        this.reference = reference;
        this.allowlist = config.themeAllowlist();
        this.fallbackTheme = config.fallbackTheme();
        this.themePrefix = config.themeTopicPrefix();
        this.unknownTickersTopic = config.unknownTickersTopic();
        this.maxCopyBytes = config.topicMaxMessageBytes() - RECORD_OVERHEAD;
    }

    /** Validates raw bytes as an article; see {@link ArticleReader} for what fails and how. */
    public Article read(byte[] raw) {
        return reader.read(raw);
    }

    /** {@link #read} then {@link #enrich(Article, String)}, for callers with no version to check in between. */
    public Enrichment enrich(byte[] raw, String enrichedAt) {
        return enrich(read(raw), enrichedAt);
    }

    /**
     * The copies and sightings of a published article.
     *
     * @param enrichedAt the {@code enriched_at} and {@code seen_at} of every record, ISO-8601
     * @throws InvalidArticleException when a copy would exceed the themed topics' limit
     */
    public Enrichment enrich(Article article, String enrichedAt) {
        List<TickerMention> mentions = extractor.extract(article.title(), article.summary(), article.bodyMd());
        List<String> themeNames = Themes.route(article.topics(), allowlist, fallbackTheme, themePrefix);
        RawObject raw = article.raw();

        // out: [middle: "tickers":[…],"unknown_tickers":[…],"theme":] [tail: ,"symbols":[…],"enriched_at":…,…}]
        out.reset();
        out.ascii("\"tickers\":[");
        List<TickerMention> unknown = new ArrayList<>();
        List<TickerCount> counts = new ArrayList<>(mentions.size());
        boolean first = true;
        for (TickerMention mention : mentions) {
            byte[] row = reference.rendered(mention.assetClass() == AssetClass.CRYPTO, mention.symbol());
            counts.add(new TickerCount(mention.symbol(), mention.assetClass(), row != null, mention.mentions()));
            if (row == null) {
                unknown.add(mention);
                continue;
            }
            if (!first) {
                out.raw((byte) ',');
            }
            first = false;
            symbolAndClass(mention).raw((byte) ',').raw(row);
            mentionsAndTexts(mention).raw((byte) '}');
        }
        out.ascii("],\"unknown_tickers\":[");
        for (int i = 0; i < unknown.size(); i++) {
            if (i > 0) {
                out.raw((byte) ',');
            }
            symbolAndClass(unknown.get(i));
            mentionsAndTexts(unknown.get(i)).raw((byte) '}');
        }
        out.ascii("],\"theme\":");
        int middle = out.size();
        out.ascii(",\"symbols\":[");
        for (int i = 0; i < mentions.size(); i++) {
            if (i > 0) {
                out.raw((byte) ',');
            }
            out.string(mentions.get(i).symbol());
        }
        out.ascii("],\"enriched_at\":").string(enrichedAt)
                .ascii(",\"schema_version\":").number(SCHEMA_VERSION).raw((byte) '}');
        int tail = out.size() - middle;

        List<Output> copies = new ArrayList<>(themeNames.size());
        if (raw.namesAddedField()) {
            copiesOfTree(article, enrichedAt, middle, tail, themeNames, copies);
        } else {
            int head = raw.end() - raw.start();
            int comma = raw.fields() > 0 ? 1 : 0;
            for (String name : themeNames) {
                ThemeOut theme = theme(name);
                byte[] copy = new byte[head + comma + middle + theme.json.length + tail];
                System.arraycopy(raw.bytes(), raw.start(), copy, 0, head);
                if (comma > 0) {
                    copy[head] = ',';
                }
                out.copyTo(0, copy, head + comma, middle);
                System.arraycopy(theme.json, 0, copy, head + comma + middle, theme.json.length);
                out.copyTo(middle, copy, copy.length - tail, tail);
                copies.add(new Output(theme.topic, article.id(), withinLimit(copy)));
            }
        }

        List<Output> sightings = new ArrayList<>(unknown.size());
        for (TickerMention mention : unknown) {
            out.reset();
            symbolAndClass(mention);
            mentionsAndTexts(mention).ascii(",\"article_id\":").string(article.id())
                    .ascii(",\"seen_at\":").string(enrichedAt).raw((byte) '}');
            sightings.add(new Output(unknownTickersTopic, mention.symbol(), out.toByteArray()));
        }
        return new Enrichment(themeNames, copies, sightings, counts);
    }

    private JsonBytes symbolAndClass(TickerMention mention) {
        return out.ascii("{\"symbol\":").string(mention.symbol())
                .ascii(",\"asset_class\":").string(mention.assetClass().wireName());
    }

    private JsonBytes mentionsAndTexts(TickerMention mention) {
        out.ascii(",\"mentions\":").number(mention.mentions()).ascii(",\"link_texts\":[");
        List<String> texts = mention.linkTexts();
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                out.raw((byte) ',');
            }
            out.string(texts.get(i));
        }
        return out.raw((byte) ']');
    }

    /**
     * Copies of an input that already has a field named like an added one: the input as a tree, its own field
     * replaced in place, the others appended, then written whole.
     */
    private void copiesOfTree(Article article, String enrichedAt, int middle, int tail, List<String> themeNames,
                              List<Output> copies) {
        try {
            // The rendered added fields, read back as one object: {"tickers":[…],"unknown_tickers":[…],"theme":"", …}
            byte[] rendered = new byte[1 + middle + 2 + tail];
            rendered[0] = '{';
            out.copyTo(0, rendered, 1, middle);
            rendered[1 + middle] = '"';
            rendered[2 + middle] = '"';
            out.copyTo(middle, rendered, 3 + middle, tail);
            ObjectNode added = (ObjectNode) Json.MAPPER.readTree(rendered);
            RawObject raw = article.raw();
            ObjectNode copy = (ObjectNode) Json.MAPPER.readTree(raw.bytes(), raw.start(), raw.end() + 1 - raw.start());
            copy.set("tickers", added.get("tickers"));
            copy.set("unknown_tickers", added.get("unknown_tickers"));
            for (String name : themeNames) {
                copy.put("theme", name);
                copy.set("symbols", added.get("symbols"));
                copy.put("enriched_at", enrichedAt);
                copy.put("schema_version", SCHEMA_VERSION);
                copies.add(new Output(theme(name).topic, article.id(), withinLimit(Json.MAPPER.writeValueAsBytes(copy))));
            }
        } catch (IOException e) {
            // The input was validated by the same mapper and the rest was written here: this is a bug, not bad input.
            throw new UncheckedIOException("Cannot rebuild the copy of article " + article.id(), e);
        }
    }

    private ThemeOut theme(String name) {
        ThemeOut theme = themes.get(name);
        if (theme == null) {
            if (themes.size() >= MAX_REMEMBERED_THEMES) {
                themes.clear();
            }
            theme = new ThemeOut(new JsonBytes(name.length() + 2).string(name).toByteArray(), themePrefix + name);
            themes.put(name, theme);
        }
        return theme;
    }

    /** A copy the broker would refuse must not reach the producer, where it would stop the stream thread. */
    private byte[] withinLimit(byte[] value) {
        if (value.length > maxCopyBytes) {
            throw new InvalidArticleException("Enriched article is " + value.length + " bytes, over the "
                    + maxCopyBytes + "-byte limit of the themed topics (" + EnricherConfig.TOPIC_MAX_MESSAGE_BYTES
                    + ")");
        }
        return value;
    }

    private record ThemeOut(byte[] json, String topic) {
    }
}
