package news.enricher.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.json.Json;
import news.enricher.reference.ReferenceKeys;
import news.enricher.reference.TickerRow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic stream of raw articles shaped like the seed article (same fields in the same order), for the
 * benchmark. For every record it also says what the enricher must publish for it (the benchmark itself asks the real
 * topology, {@link OutputPlan}; {@code ArticleGeneratorTest} checks that both agree):
 *
 * <ul>
 *   <li>bodies of 2–20 KB (log-uniform, so most are a few KB as real news is), with 0–40 robinhood links to tickers
 *       drawn from the real reference table (markdown inline, HTML {@code href} and bare URLs), a few percent of
 *       them to symbols the table does not have;</li>
 *   <li>1–5 themes from a fixed pool, written in the spellings crawlers use ({@code "AI Chips"}, {@code ai_chips}),
 *       and a few articles without topics (the fallback theme);</li>
 *   <li>exact re-crawls (same bytes again: nothing published), corrections (newer {@code updated_at}: published),
 *       truncated JSON and articles with an invalid field (both dead-lettered).</li>
 * </ul>
 *
 * Not thread-safe; one instance per producing thread. The same seed, options and table give the same bytes.
 */
public final class ArticleGenerator {

    /** Canonical themes; every generated topic normalizes to one of these. */
    public static final List<String> THEMES = List.of("ai-chips", "ai-startups", "ai-policy",
            "artificial-intelligence", "ai-safety", "crypto", "etfs", "earnings", "macro", "federal-reserve",
            "energy", "electric-vehicles", "biotech", "banking", "retail", "semiconductors", "markets", "ipos",
            "mergers-and-acquisitions", "commodities");
    public static final String FALLBACK_THEME = "uncategorized";

    /** Header on every generated record: the themes the enricher publishes it under, or {@link #DEAD_LETTER}. */
    public static final String ROUTES_HEADER = "bench.routes";
    public static final String DEAD_LETTER = "!dlq";

    public enum Kind {
        /** A first version: published once per theme. */
        NEW,
        /** A newer {@code updated_at} of an article already sent: published again. */
        CORRECTION,
        /** The exact bytes of the newest version of an article already sent: not published. */
        RECRAWL,
        /** Truncated JSON: dead-lettered by the deserializer. */
        BAD_JSON,
        /** Valid JSON with {@code topics} as a string: dead-lettered by the processor. */
        INVALID
    }

    /** The share of each kind and of unusual content; the rest are {@link Kind#NEW}. */
    public record Mix(double recrawl, double correction, double badJson, double invalid, double unknownLink,
                      double noTopics) {
        public static final Mix DEFAULT = new Mix(0.03, 0.02, 0.005, 0.005, 0.03, 0.02);
        /** Only new, valid articles: every record is published (the latency leg). */
        public static final Mix CLEAN = new Mix(0, 0, 0, 0, 0.03, 0.02);
    }

    /**
     * One record and what the enricher must do with it.
     *
     * @param themes         the themes it is published under, in order (empty: not published)
     * @param unknownTickers distinct linked symbols the reference table lacks (one sighting each when published)
     */
    public record Generated(String key, byte[] value, Kind kind, List<String> themes, int unknownTickers) {

        public int copies() {
            return themes.size();
        }

        public boolean deadLetter() {
            return kind == Kind.BAD_JSON || kind == Kind.INVALID;
        }

        public int sightings() {
            return themes.isEmpty() ? 0 : unknownTickers;
        }

        /** The value of {@link #ROUTES_HEADER}: comma-separated themes, {@code !dlq}, or empty. */
        public String routes() {
            return deadLetter() ? DEAD_LETTER : String.join(",", themes);
        }
    }

    static final int MIN_BODY = 2 * 1024;
    static final int MAX_BODY = 20 * 1024;
    static final int MAX_LINKS = 40;
    static final int MAX_THEMES = 5;
    /** How many recent articles re-crawls and corrections pick from. */
    private static final int RECENT = 4096;
    private static final Instant EPOCH = Instant.parse("2026-06-01T00:00:00Z");
    private static final DateTimeFormatter CRAWLER_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = Json.MAPPER.getFactory();

    private final Seed seed;
    private final List<TickerRow> tickers;
    private final List<TickerRow> popular;
    private final Set<String> knownKeys;
    private final Mix mix;
    private final String slugPrefix;
    private final SplittableRandom random;
    private final Published[] recent = new Published[RECENT];
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(32 * 1024);
    private final StringBuilder body = new StringBuilder(MAX_BODY + 4096);
    private int recentCount;
    private long sequence;

    /** What is remembered of a published version, to re-crawl or correct it later. */
    private record Published(String slug, List<String> topics, List<String> themes, Instant updatedAt, byte[] value,
                             int unknownTickers) {
    }

    public ArticleGenerator(List<TickerRow> tickers, long seed, Mix mix, String slugPrefix) {
        if (tickers.isEmpty()) {
            throw new IllegalArgumentException("The reference table is empty");
        }
        this.seed = Seed.load();
        this.tickers = List.copyOf(tickers);
        this.mix = Objects.requireNonNull(mix, "mix");
        this.slugPrefix = Objects.requireNonNull(slugPrefix, "slugPrefix");
        this.random = new SplittableRandom(seed);
        this.knownKeys = new HashSet<>();
        tickers.forEach(t -> knownKeys.add(t.referenceKey()));
        // A hot set, as news links the same large caps again and again; the order is the seed's, not the file's.
        List<TickerRow> shuffled = new ArrayList<>(this.tickers);
        Collections.shuffle(shuffled, new java.util.Random(seed));
        this.popular = List.copyOf(shuffled.subList(0, Math.min(300, shuffled.size())));
    }

    /** The next record of the stream. */
    public Generated next() {
        long n = sequence++;
        double roll = random.nextDouble();
        double recrawl = mix.recrawl();
        double correction = recrawl + mix.correction();
        double badJson = correction + mix.badJson();
        double invalid = badJson + mix.invalid();
        if (roll < recrawl && recentCount > 0) {
            Published p = pickRecent();
            return new Generated(p.slug(), p.value(), Kind.RECRAWL, List.of(), 0);
        }
        if (roll >= recrawl && roll < correction && recentCount > 0) {
            int slot = random.nextInt(Math.min(recentCount, RECENT));
            Published p = recent[slot];
            Instant newer = p.updatedAt().plusSeconds(1 + random.nextInt(3600));
            Published corrected = article(p.slug(), n, p.topics(), p.themes(), newer, false);
            recent[slot] = corrected;
            return new Generated(corrected.slug(), corrected.value(), Kind.CORRECTION, corrected.themes(),
                    corrected.unknownTickers());
        }
        String slug = slug(n);
        List<String> themes = new ArrayList<>();
        List<String> topics = topics(themes);
        Instant updatedAt = EPOCH.plusSeconds(n * 7).plusNanos(random.nextInt(1_000_000) * 1000L);
        if (roll >= correction && roll < badJson) {
            byte[] whole = article(slug, n, topics, themes, updatedAt, false).value();
            byte[] truncated = Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
            return new Generated(slug, truncated, Kind.BAD_JSON, List.of(), 0);
        }
        if (roll >= badJson && roll < invalid) {
            Published bad = article(slug, n, topics, themes, updatedAt, true);
            return new Generated(slug, bad.value(), Kind.INVALID, List.of(), 0);
        }
        Published p = article(slug, n, topics, List.copyOf(themes), updatedAt, false);
        recent[recentCount % RECENT] = p;
        recentCount++;
        return new Generated(p.slug(), p.value(), Kind.NEW, p.themes(), p.unknownTickers());
    }

    private Published pickRecent() {
        return recent[random.nextInt(Math.min(recentCount, RECENT))];
    }

    private String slug(long n) {
        String title = seed.titleWords[random.nextInt(seed.titleWords.length)];
        return slugPrefix + "-" + n + "-" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** Topic strings as crawlers write them; {@code themes} receives what they normalize to, deduplicated. */
    private List<String> topics(List<String> themes) {
        List<String> topics = new ArrayList<>();
        if (random.nextDouble() < mix.noTopics()) {
            themes.add(FALLBACK_THEME);
            return topics;
        }
        int count = 1 + random.nextInt(MAX_THEMES);
        Set<String> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            chosen.add(THEMES.get(random.nextInt(THEMES.size())));
        }
        for (String theme : chosen) {
            topics.add(spelling(theme));
            if (random.nextInt(10) == 0) {
                topics.add(spelling(theme)); // the same theme twice, differently written: one copy
            }
        }
        themes.addAll(chosen);
        return topics;
    }

    private String spelling(String theme) {
        switch (random.nextInt(4)) {
            case 0:
                return theme.replace('-', '_');
            case 1: {
                StringBuilder title = new StringBuilder();
                for (String word : theme.split("-")) {
                    title.append(title.length() == 0 ? "" : " ")
                            .append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
                }
                return title.toString();
            }
            case 2:
                return " " + theme + " ";
            default:
                return theme;
        }
    }

    private Published article(String slug, long n, List<String> topics, List<String> themes, Instant updatedAt,
                              boolean invalidTopics) {
        String title = sentence(6 + random.nextInt(10), false);
        String summary = sentence(40 + random.nextInt(40), true);
        int unknown = body(title);
        buffer.reset();
        try (JsonGenerator json = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("slug", slug);
            json.writeStringField("title", title);
            json.writeStringField("summary", summary);
            json.writeStringField("body_md", body.toString());
            json.writeStringField("url", "https://wpnews.pro/news/" + slug);
            json.writeStringField("canonical_source", "https://sherwood.news/markets/" + slug + "/");
            json.writeStringField("published_at", CRAWLER_TIME.format(EPOCH.plusSeconds(n * 7 - 3600)));
            json.writeStringField("updated_at", CRAWLER_TIME.format(updatedAt));
            json.writeStringField("lang", "en");
            if (invalidTopics) {
                json.writeStringField("topics", String.join(",", topics));
            } else {
                json.writeArrayFieldStart("topics");
                for (String topic : topics) {
                    json.writeString(topic);
                }
                json.writeEndArray();
            }
            json.writeArrayFieldStart("entities");
            for (int i = 0, count = 2 + random.nextInt(7); i < count; i++) {
                json.writeString(seed.entities[random.nextInt(seed.entities.length)]);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("alternates");
            String base = "https://wpnews.pro/news/" + slug;
            json.writeStringField("html", base);
            json.writeStringField("markdown", base + ".md");
            json.writeStringField("text", base + ".txt");
            json.writeStringField("jsonld", base + ".jsonld");
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Published(slug, List.copyOf(topics), List.copyOf(themes), updatedAt, buffer.toByteArray(),
                unknown);
    }

    /** Writes the body into {@link #body}; returns how many distinct unknown tickers it links to. */
    private int body(String title) {
        body.setLength(0);
        body.append("# ").append(title).append("\n\n");
        // Log-uniform: the median article is ~6 KB like the seed, a few reach 20 KB.
        int target = (int) Math.round(MIN_BODY * Math.pow((double) MAX_BODY / MIN_BODY, random.nextDouble()));
        int links = random.nextInt(MAX_LINKS + 1);
        int[] at = new int[links];
        for (int i = 0; i < links; i++) {
            at[i] = random.nextInt(target);
        }
        Arrays.sort(at);
        Set<String> unknown = new HashSet<>();
        int next = 0;
        int inSentence = 0;
        int inParagraph = 0;
        while (body.length() < target || next < links) {
            if (next < links && body.length() >= at[next]) {
                link(unknown);
                next++;
                inSentence++;
                continue;
            }
            String word = seed.words[random.nextInt(seed.words.length)];
            if (inSentence == 0) {
                body.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                body.append(' ').append(word);
            }
            if (++inSentence >= 8 + random.nextInt(18)) {
                body.append('.');
                inSentence = 0;
                if (++inParagraph >= 2 + random.nextInt(4)) {
                    body.append("\n\n");
                    inParagraph = 0;
                } else {
                    body.append(' ');
                }
            }
        }
        return unknown.size();
    }

    private void link(Set<String> unknown) {
        String symbol;
        String path;
        String text;
        if (random.nextDouble() < mix.unknownLink()) {
            do {
                symbol = "ZQ" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26))
                        + random.nextInt(10);
            } while (knownKeys.contains(symbol));
            unknown.add(symbol);
            path = "stocks";
            text = symbol + " Holdings";
        } else {
            TickerRow row = random.nextInt(10) < 7 ? popular.get(random.nextInt(popular.size()))
                    : tickers.get(random.nextInt(tickers.size()));
            symbol = row.symbol();
            path = TickerRow.CRYPTO.equals(row.assetClass()) ? "crypto" : "stocks";
            text = linkText(row);
        }
        if (body.length() > 0 && body.charAt(body.length() - 1) != ' ' && body.charAt(body.length() - 1) != '\n') {
            body.append(' ');
        }
        int form = random.nextInt(10);
        if (form < 8) {
            body.append('[').append(text).append("](https://robinhood.com/us/en/").append(path).append('/')
                    .append(symbol).append("/?source=sherwood)");
        } else if (form < 9) {
            body.append("<a href=\"https://robinhood.com/").append(path).append('/').append(symbol).append("\">")
                    .append(text).append("</a>");
        } else {
            body.append("https://www.robinhood.com/").append(path).append('/').append(symbol);
        }
        body.append(' ');
    }

    private static String linkText(TickerRow row) {
        String name = row.name() == null ? row.symbol() : row.name();
        String[] words = name.split(" ");
        String text = words.length > 1 ? words[0] + " " + words[1] : words[0];
        return text.replaceAll("[\\[\\]()<>&\"]", "");
    }

    private String sentence(int words, boolean period) {
        StringBuilder s = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++) {
            String word = seed.words[random.nextInt(seed.words.length)];
            if (i == 0) {
                s.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                s.append(' ').append(word);
            }
        }
        return period ? s.append('.').toString() : s.toString();
    }

    /** Vocabulary and entity names from the real seed article bundled with the application. */
    private static final class Seed {
        private static final String SAMPLES = "/samples/articles.jsonl";
        private static volatile Seed loaded;

        final String[] words;
        final String[] titleWords;
        final String[] entities;

        private Seed(String[] words, String[] titleWords, String[] entities) {
            this.words = words;
            this.titleWords = titleWords;
            this.entities = entities;
        }

        static Seed load() {
            Seed s = loaded;
            if (s == null) {
                s = read();
                loaded = s;
            }
            return s;
        }

        private static Seed read() {
            try (InputStream in = ArticleGenerator.class.getResourceAsStream(SAMPLES)) {
                if (in == null) {
                    throw new IllegalStateException("The jar has no " + SAMPLES);
                }
                String first = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                        .orElseThrow(() -> new IllegalStateException(SAMPLES + " is empty"));
                JsonNode seed = Json.MAPPER.readTree(first);
                // Words of the prose only: links, markup and punctuation out, so that only generated links count.
                String prose = (seed.path("summary").asText() + " " + seed.path("body_md").asText())
                        .replaceAll("\\]\\([^)]*\\)", " ")
                        .replaceAll("https?://\\S+", " ");
                List<String> words = new ArrayList<>();
                for (String w : prose.split("\\s+")) {
                    String clean = w.replaceAll("[^\\p{L}\\p{N}'’$%-]", "");
                    if (!clean.isEmpty() && !clean.toLowerCase(Locale.ROOT).contains("robinhood")) {
                        words.add(clean);
                    }
                }
                List<String> titleWords = new ArrayList<>();
                for (String w : seed.path("title").asText().split("\\s+")) {
                    if (w.length() > 3) {
                        titleWords.add(w);
                    }
                }
                List<String> entities = new ArrayList<>();
                seed.path("entities").forEach(e -> entities.add(e.asText()));
                if (words.isEmpty() || titleWords.isEmpty() || entities.isEmpty()) {
                    throw new IllegalStateException("The seed article in " + SAMPLES + " has no usable text");
                }
                return new Seed(words.toArray(String[]::new), titleWords.toArray(String[]::new),
                        entities.toArray(String[]::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** For tests: whether the equity or crypto key of a symbol is in the table the generator was given. */
    boolean isKnown(String symbol, boolean crypto) {
        return knownKeys.contains(crypto ? ReferenceKeys.CRYPTO_PREFIX + symbol : symbol);
    }
}
