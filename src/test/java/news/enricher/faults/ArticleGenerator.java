package news.enricher.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.reference.TickerRow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded, seed-article-shaped workload whose outcome is known exactly for every record.
 *
 * <p>Each article id gets one or more versions with strictly increasing {@code updated_at}, produced in order on
 * the same key (so on the same partition). Re-crawls are exact re-sends of the version just produced (or the same
 * instant written in another format), stale records re-send an older version after a newer one: neither may be
 * published. A few articles carry no {@code updated_at}; their versions differ in content (hash-versioned). About
 * {@link Mix#invalid()} of the records are broken in one of several ways and must be dead-lettered. Every article
 * carries {@code x_fault_tag = id#version}, which passes through the enricher and identifies (id, version) on output.
 */
public final class ArticleGenerator {

    /** The base themes; topics are written in variants that normalise to these ("AI Chips", "ai_chips", ...). */
    public static final List<String> THEMES = List.of("ai-chips", "crypto", "etfs", "energy", "banks", "biotech",
            "ev-makers", "macro");
    public static final String FALLBACK = "uncategorized";
    static final String TAG_FIELD = "x_fault_tag";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant EPOCH = Instant.parse("2026-06-01T00:00:00Z");
    private static final String[] WORDS = ("market stocks shares rally selloff chips memory demand guidance revenue "
            + "margin earnings analysts investors leverage debt yields rates inflation tariffs supply capex cloud data "
            + "center power grid battery vehicle lithium bank deposits loans credit spread volatility index fund token "
            + "blockchain wallet exchange regulator policy quarter outlook forecast growth").split(" ");
    private static final String[] DECOYS = {
        "https://robinhood.com.evil.example/stocks/MU",
        "https://robinhood.com/us/en/about/",
        "https://robinhood.com/stocks/",
        "https://example.com/robinhood.com/stocks/NVDA",
        "https://robinhood.com:8443/stocks/AAPL"};

    /**
     * Shape of the workload.
     *
     * @param invalid        share of records that are broken (dead-lettered)
     * @param update         share of articles with more than one version
     * @param recrawl        chance of an exact re-crawl after each version
     * @param stale          chance of an older version re-sent after the newest (multi-version articles)
     * @param noTimestamp    share of articles without {@code updated_at} (versioned by content hash)
     * @param waves          number of new themes appearing over time ({@code wave-0}, {@code wave-1}, ...), which
     *                       makes the enricher create topics while the faults happen
     * @param favourites     rows the links should favour (reference churn), or empty
     * @param favouriteShare share of links drawn from {@code favourites}
     */
    public record Mix(double invalid, double update, double recrawl, double stale, double noTimestamp, int waves,
                      List<TickerRow> favourites, double favouriteShare) {

        public static Mix standard(int waves) {
            return new Mix(0.05, 0.2, 0.08, 0.3, 0.05, waves, List.of(), 0);
        }

        public Mix favouring(List<TickerRow> rows, double share) {
            return new Mix(invalid, update, recrawl, stale, noTimestamp, waves, List.copyOf(rows), share);
        }
    }

    private final Random random;
    private final String run;
    private final Mix mix;
    private final List<TickerRow> equities = new ArrayList<>();
    private final List<TickerRow> cryptos = new ArrayList<>();
    private final Set<String> knownKeys = new HashSet<>();
    private int badSeq;

    public ArticleGenerator(long seed, String run, List<TickerRow> table, Mix mix) {
        this.random = new Random(seed);
        this.run = run;
        this.mix = mix;
        for (TickerRow row : table) {
            knownKeys.add(row.referenceKey());
            (TickerRow.CRYPTO.equals(row.assetClass()) ? cryptos : equities).add(row);
        }
    }

    Random random() {
        return random;
    }

    /** The records for {@code articles} articles (plus re-crawls, stale re-sends and broken records), in send order. */
    public List<RawRecord> plan(int articles) {
        List<Timed> timed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int spread = Math.max(2, articles / 25);
        for (int n = 0; n < articles; n++) {
            double at = n;
            List<RawRecord> events = articleEvents(n, articles);
            ids.add(events.get(0).articleId());
            for (RawRecord e : events) {
                timed.add(new Timed(at, timed.size(), e));
                at += 1 + random.nextInt(spread);
            }
        }
        int bad = (int) Math.round(timed.size() * mix.invalid() / (1 - mix.invalid()));
        for (int i = 0; i < bad; i++) {
            double at = random.nextDouble() * articles;
            // Now and then a broken record carries the key of a real article: it must not disturb that article.
            String key = random.nextInt(5) == 0 ? ids.get(random.nextInt(ids.size())) : null;
            timed.add(new Timed(at, timed.size(), invalid(key)));
        }
        timed.sort(Comparator.comparingDouble(Timed::at).thenComparingInt(Timed::seq));
        return timed.stream().map(Timed::record).toList();
    }

    private record Timed(double at, int seq, RawRecord record) {
    }

    private List<RawRecord> articleEvents(int n, int articles) {
        String slugBase = "fa-" + run + "-" + n + "-" + word() + "-" + word();
        int idStyle = random.nextInt(20);
        String url = "https://news.example/" + run + "/" + n + "/" + word();
        String slug = idStyle < 17 ? slugBase : idStyle < 19 ? null : "";
        String id = slug != null && !slug.isBlank() ? slug : url;
        boolean timestamped = random.nextDouble() >= mix.noTimestamp();
        int versions = 1;
        if (random.nextDouble() < mix.update()) {
            versions += random.nextInt(3) == 0 ? 2 : 1;
        }
        Instant base = EPOCH.plusSeconds(n * 37L).plusNanos(random.nextInt(1_000_000) * 1000L);
        String wave = mix.waves() > 0 && random.nextInt(7) == 0
                ? "wave-" + (int) ((long) n * mix.waves() / Math.max(1, articles)) : null;
        List<RawRecord> events = new ArrayList<>();
        RawRecord first = null;
        for (int v = 1; v <= versions; v++) {
            Instant updated = base.plusSeconds(3600L * v);
            Content content = content(wave);
            String tag = id + "#" + v;
            byte[] bytes = article(slug, url, content, timestamped ? format(updated, random.nextInt(4)) : null, tag);
            RawRecord published = RawRecord.publish(id, bytes, "valid", id, tag, content.themes, content.symbols,
                    content.unknown);
            events.add(published);
            if (first == null) {
                first = published;
            }
            if (random.nextDouble() < mix.recrawl()) {
                events.add(RawRecord.nothing(id, bytes, "recrawl"));
            }
            if (timestamped && random.nextDouble() < mix.recrawl() / 2) {
                // The same instant in another notation is the same version.
                int style = random.nextInt(4);
                events.add(RawRecord.nothing(id, article(slug, url, content, format(updated, style), tag),
                        "recrawl-format"));
            }
        }
        if (versions > 1 && timestamped && random.nextDouble() < mix.stale()) {
            events.add(RawRecord.nothing(id, first.value(), "stale"));
        }
        return events;
    }

    /** What one version says: text with its links, and the exact expected extraction and themes. */
    static final class Content {
        final StringBuilder title = new StringBuilder();
        final StringBuilder summary = new StringBuilder();
        final StringBuilder body = new StringBuilder();
        final List<String> symbols = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        ArrayNode topics;
        List<String> themes;
        boolean noSummary;
        // symbol -> asset class used in this article; one class per symbol keeps `symbols` unambiguous
        final Map<String, String> classes = new HashMap<>();
    }

    Content content(String wave) {
        Content c = new Content();
        c.noSummary = random.nextInt(10) == 0;
        themes(c, wave);
        c.title.append(capitalise(word())).append(' ').append(sentence(6 + random.nextInt(6)));
        c.summary.append(capitalise(sentence(25 + random.nextInt(30)))).append('.');
        c.body.append("# ").append(c.title).append("\n\n");
        int paragraphs = 2 + random.nextInt(5);
        List<StringBuilder> parts = new ArrayList<>();
        for (int p = 0; p < paragraphs; p++) {
            parts.add(new StringBuilder(capitalise(sentence(30 + random.nextInt(50)))).append('.'));
        }
        int links = random.nextInt(7) == 0 ? 0 : 1 + (int) Math.min(14, -Math.log(1 - random.nextDouble()) * 3);
        // Links are placed field by field, in reading order, so the expected order of first appearance is known.
        List<String> titleLinks = new ArrayList<>();
        List<String> summaryLinks = new ArrayList<>();
        List<List<String>> paragraphLinks = new ArrayList<>();
        for (int p = 0; p < paragraphs; p++) {
            paragraphLinks.add(new ArrayList<>());
        }
        List<String[]> picked = new ArrayList<>();
        for (int i = 0; i < links; i++) {
            String[] link = pickLink(c);
            if (link == null) {
                continue;
            }
            picked.add(link);
            int where = random.nextInt(20);
            if (c.noSummary && where > 0 && where < 4) {
                where = 4;
            }
            (where == 0 ? titleLinks : where < 4 ? summaryLinks
                    : paragraphLinks.get(random.nextInt(paragraphs))).add(link[0]);
            link[1] = where == 0 ? "t" : where < 4 ? "s" : "b";
        }
        if (random.nextInt(10) == 0) {
            paragraphLinks.get(random.nextInt(paragraphs)).add("see " + DECOYS[random.nextInt(DECOYS.length)] + " ");
        }
        titleLinks.forEach(l -> c.title.append(' ').append(l));
        summaryLinks.forEach(l -> c.summary.append(' ').append(l));
        for (int p = 0; p < paragraphs; p++) {
            StringBuilder para = parts.get(p);
            for (String l : paragraphLinks.get(p)) {
                para.append(' ').append(l).append(' ').append(sentence(3 + random.nextInt(8))).append('.');
            }
            c.body.append(para).append("\n\n");
        }
        // Expected order: first appearance in title, then summary, then body (paragraph order).
        Set<String> order = new LinkedHashSet<>();
        for (String field : new String[] {"t", "s", "b"}) {
            if (field.equals("b")) {
                for (List<String> para : paragraphLinks) {
                    for (String markup : para) {
                        picked.stream().filter(l -> l[0] == markup).forEach(l -> order.add(l[2]));
                    }
                }
            } else {
                picked.stream().filter(l -> l[1].equals(field)).forEach(l -> order.add(l[2]));
            }
        }
        for (String symbol : order) {
            c.symbols.add(symbol);
            if (!knownKeys.contains(referenceKey(symbol, c.classes.get(symbol)))) {
                c.unknown.add(symbol);
            }
        }
        return c;
    }

    private static String referenceKey(String symbol, String assetClass) {
        return "crypto".equals(assetClass) ? "crypto:" + symbol : symbol;
    }

    /** {markup, field (set later), canonical symbol}; null when the draw collides with another asset class. */
    private String[] pickLink(Content c) {
        String symbol;
        String assetClass;
        String text;
        int roll = random.nextInt(100);
        if (roll < 8) {
            symbol = unknownSymbol();
            assetClass = random.nextInt(4) == 0 ? "crypto" : "equity";
            text = "Unlisted " + word();
        } else {
            TickerRow row;
            if (!mix.favourites().isEmpty() && random.nextDouble() < mix.favouriteShare()) {
                row = mix.favourites().get(random.nextInt(mix.favourites().size()));
            } else if (roll < 14) {
                row = cryptos.get(random.nextInt(cryptos.size()));
            } else {
                row = equities.get(random.nextInt(equities.size()));
            }
            symbol = row.symbol();
            assetClass = TickerRow.CRYPTO.equals(row.assetClass()) ? "crypto" : "equity";
            text = linkText(row.name() == null ? symbol : row.name());
        }
        String existing = c.classes.putIfAbsent(symbol, assetClass);
        if (existing != null && !existing.equals(assetClass)) {
            return null;
        }
        return new String[] {markup(symbol, assetClass, text), null, symbol};
    }

    private String unknownSymbol() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        while (true) {
            StringBuilder s = new StringBuilder("Q");
            int len = 3 + random.nextInt(3);
            for (int i = 0; i < len; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String symbol = s.toString();
            if (!knownKeys.contains(symbol) && !knownKeys.contains("crypto:" + symbol)) {
                return symbol;
            }
        }
    }

    String markup(String symbol, String assetClass, String text) {
        String path = "crypto".equals(assetClass) ? "crypto" : "stocks";
        String written = symbol;
        if (symbol.contains(".") && random.nextBoolean()) {
            written = symbol.replace('.', '-');
        }
        if (random.nextInt(6) == 0) {
            written = written.toLowerCase(Locale.ROOT);
        }
        switch (random.nextInt(6)) {
            case 0:
                return "[" + text + "](https://robinhood.com/us/en/" + path + "/" + written + "/?source=sherwood)";
            case 1:
                return "[" + text + "](https://robinhood.com/" + path + "/" + written + ")";
            case 2:
                return "https://robinhood.com/" + path + "/" + written + " ";
            case 3:
                return "<a href=\"https://www.robinhood.com/" + path + "/" + written + "/\">" + text + "</a>";
            case 4:
                return "<https://robinhood.com/" + path + "/" + written + ">";
            default:
                return "[" + text + "](//robinhood.com/" + path + "/" + written + "#quote)";
        }
    }

    private static String linkText(String name) {
        String[] parts = name.replaceAll("[^A-Za-z0-9 ]", " ").trim().split("\\s+");
        return parts.length == 0 || parts[0].isEmpty() ? "link" : parts.length == 1 ? parts[0] : parts[0] + " " + parts[1];
    }

    private void themes(Content c, String wave) {
        c.topics = NODES.arrayNode();
        Set<String> expected = new LinkedHashSet<>();
        int roll = random.nextInt(100);
        if (roll < 3) {
            // No usable topic: the fallback theme.
            if (random.nextBoolean()) {
                c.topics.add("");
                c.topics.add("!!");
            }
        } else {
            if (roll < 5) {
                c.topics.add(42);
            }
            int count = 1 + random.nextInt(5);
            List<String> pool = new ArrayList<>(THEMES);
            for (int i = 0; i < count; i++) {
                String theme = pool.remove(random.nextInt(pool.size()));
                c.topics.add(variant(theme));
                expected.add(theme);
                if (random.nextInt(10) == 0) {
                    c.topics.add(variant(theme));
                }
            }
            if (wave != null) {
                c.topics.add(variant(wave));
                expected.add(wave);
            }
        }
        if (expected.isEmpty()) {
            expected.add(FALLBACK);
        }
        c.themes = List.copyOf(expected);
    }

    /** A spelling of a normalised theme that normalises back to it. */
    private String variant(String theme) {
        switch (random.nextInt(5)) {
            case 0:
                return theme;
            case 1:
                return " " + theme.replace('-', '_') + " ";
            case 2:
                return theme.replace('-', ' ').toUpperCase(Locale.ROOT);
            case 3: {
                StringBuilder s = new StringBuilder();
                for (String w : theme.split("-")) {
                    s.append(s.length() == 0 ? "" : " ").append(capitalise(w));
                }
                return s.toString();
            }
            default:
                return theme.replace("-", " - ") + "!";
        }
    }

    byte[] article(String slug, String url, Content c, String updatedAt, String tag) {
        ObjectNode a = NODES.objectNode();
        if (slug != null) {
            a.put("slug", slug);
        }
        a.put("title", c.title.toString());
        if (c.noSummary) {
            a.putNull("summary");
        } else {
            a.put("summary", c.summary.toString());
        }
        a.put("body_md", c.body.toString());
        a.put("url", url);
        a.put("canonical_source", "https://sherwood.news/markets/" + word() + "-" + word() + "/");
        a.put("published_at", "2026-06-23 13:59:59+00:00");
        if (updatedAt != null) {
            a.put("updated_at", updatedAt);
        }
        a.put("lang", "en");
        a.set("topics", c.topics);
        ArrayNode entities = a.putArray("entities");
        entities.add(capitalise(word())).add(capitalise(word()));
        a.put(TAG_FIELD, tag);
        return bytes(a);
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String format(Instant t, int style) {
        OffsetDateTime utc = t.atOffset(ZoneOffset.UTC);
        switch (style) {
            case 0:
                return utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx"));
            case 1:
                return utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'"));
            case 2:
                return t.atOffset(ZoneOffset.ofHours(2)).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx"));
            default:
                return utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS"));
        }
    }

    /** A broken record of a random kind, keyed by {@code key} or by a fresh unique key. */
    RawRecord invalid(String key) {
        String k = key != null ? key : "bad-" + run + "-" + badSeq;
        byte[] keyBytes = RawRecord.utf8(k);
        String slug = "bad-" + run + "-" + (badSeq++);
        Content c = content(null);
        String article = new String(article(slug, "https://news.example/bad/" + slug, c,
                format(EPOCH.plusSeconds(badSeq), 1), slug + "#1"), StandardCharsets.UTF_8);
        String body = "{\"slug\":\"" + slug + "\",\"topics\":[\"macro\"],\"title\":\"t\"";
        switch (random.nextInt(17)) {
            case 0:
                return dlqSer(keyBytes, "<html><body>503 Service Unavailable " + slug + "</body></html>", "bad:not-json");
            case 1:
                return RawRecord.deadLetter(keyBytes, truncate(article), "bad:truncated", RawRecord.SERIALIZATION);
            case 2:
                return dlqSer(keyBytes, "[" + article + "]", "bad:array");
            case 3:
                return dlqSer(keyBytes, random.nextBoolean() ? "\"" + slug + "\"" : String.valueOf(random.nextInt()),
                        "bad:scalar");
            case 4:
                return dlqSer(keyBytes, "null", "bad:json-null");
            case 5:
                return RawRecord.deadLetter(keyBytes, nonUtf8(slug), "bad:non-utf8", RawRecord.SERIALIZATION);
            case 6:
                return dlqSer(keyBytes, body + ",\"title\":\"again\"}", "bad:duplicate-key");
            case 7:
                return dlqSer(keyBytes, article + " }garbage", "bad:trailing-garbage");
            case 8:
                return dlqSer(keyBytes, body + ",\"deep\":" + "[".repeat(1500) + "]".repeat(1500) + "}",
                        "bad:deep-nesting");
            case 9:
                return dlqSer(keyBytes, body.replace("\"t\"", "\"t\u0001x\"") + "}", "bad:control-char");
            case 10:
                return dlqArticle(keyBytes, "{\"slug\":\"" + slug + "\",\"topics\":\"ai-chips\"}", "bad:topics-string");
            case 11:
                return dlqArticle(keyBytes, "{\"slug\":\"" + slug + "\",\"title\":42,\"topics\":[\"macro\"]}",
                        "bad:title-number");
            case 12:
                return dlqArticle(keyBytes, "{\"slug\":\"" + slug + "\",\"body_md\":{\"md\":\"x\"}}", "bad:body-object");
            case 13:
                return dlqArticle(keyBytes, "{\"slug\":7,\"url\":\"https://news.example/" + slug + "\"}",
                        "bad:slug-number");
            case 14:
                return dlqArticle(keyBytes, "{\"title\":\"" + slug + "\",\"topics\":[\"macro\"]}", "bad:no-id");
            case 15:
                return dlqArticle(keyBytes, "{\"slug\":\"   \",\"title\":\"" + slug + "\"}", "bad:blank-id");
            default:
                return dlqArticle(keyBytes, "{\"url\":true,\"title\":\"" + slug + "\"}", "bad:url-bool");
        }
    }

    private byte[] truncate(String article) {
        byte[] bytes = article.getBytes(StandardCharsets.UTF_8);
        int cut = 1 + random.nextInt(bytes.length - 1);
        byte[] out = new byte[cut];
        System.arraycopy(bytes, 0, out, 0, cut);
        return out;
    }

    private static byte[] nonUtf8(String slug) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = ("{\"slug\":\"" + slug + "\",\"title\":\"Caf").getBytes(StandardCharsets.US_ASCII);
        out.write(head, 0, head.length);
        out.write(0xE9); // Latin-1 'é': not UTF-8
        byte[] tail = " news\",\"topics\":[\"macro\"]}".getBytes(StandardCharsets.US_ASCII);
        out.write(tail, 0, tail.length);
        return out.toByteArray();
    }

    private static RawRecord dlqSer(byte[] key, String value, String kind) {
        return RawRecord.deadLetter(key, value.getBytes(StandardCharsets.UTF_8), kind, RawRecord.SERIALIZATION);
    }

    private static RawRecord dlqArticle(byte[] key, String value, String kind) {
        return RawRecord.deadLetter(key, value.getBytes(StandardCharsets.UTF_8), kind, RawRecord.INVALID_ARTICLE);
    }

    String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }

    String sentence(int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            s.append(i == 0 ? "" : " ").append(word());
        }
        return s.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    List<TickerRow> equities() {
        return equities;
    }
}
