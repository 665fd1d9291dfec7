package news.enricher.faults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.reference.TickerRow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Hostile input, each record with an exact expected outcome: random bytes, empty values, truncated and mutated JSON,
 * wrong types, nesting past the parser's limit, invalid UTF-8, binary keys, tombstones; and valid-but-nasty articles
 * that must be enriched: multi-MB bodies, pathological text for the link scanner, tens of thousands of links,
 * unicode, more themes than the per-article cap, records right at the size limits.
 */
public final class HostileGenerator {

    /** Raw topic limit of the product: enricher.topics.max-message-bytes. */
    static final int TOPIC_LIMIT = 8 * 1024 * 1024;
    /** What the enrich processor allows for one enriched copy (topic limit less its 64 KiB headroom). */
    static final int ENRICHED_LIMIT = TOPIC_LIMIT - 64 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MU_LINK = " [Micron](https://robinhood.com/stocks/MU) ";

    /**
     * How many of the expensive records to make.
     *
     * @param fiveMbBodies        valid articles with a 5 MB seed-shaped body
     * @param pathological        valid articles whose body is a pathological pattern of {@code pathologicalBytes}
     * @param limitRecords        one each: valid just under the limit, enriched copy over the limit, over the raw limit
     */
    public record Sizes(int fiveMbBodies, int pathological, int pathologicalBytes, int hugeLinkCount,
                        boolean limitRecords) {
    }

    private final ArticleGenerator articles;
    private final Random random;
    private final String run;
    private final Sizes sizes;
    private final List<TickerRow> equities;
    private int seq;

    public HostileGenerator(long seed, String run, List<TickerRow> table, Sizes sizes) {
        this.articles = new ArticleGenerator(seed, run, table,
                new ArticleGenerator.Mix(0, 0.15, 0.05, 0.3, 0.05, 0, List.of(), 0));
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.run = run;
        this.sizes = sizes;
        this.equities = articles.equities();
    }

    /** {@code good} ordinary articles interleaved with at least {@code bad} broken records and the expensive ones. */
    public List<RawRecord> plan(int good, int bad) {
        List<RawRecord> ordered = articles.plan(good);
        List<RawRecord> hostile = new ArrayList<>();
        for (int i = 0; i < bad; i++) {
            hostile.add(bad());
        }
        for (int i = 0; i < Math.max(1, bad / 40); i++) {
            hostile.add(nastyButValid());
        }
        for (int i = 0; i < sizes.fiveMbBodies(); i++) {
            hostile.add(bigArticle("hostile:5mb-body", 5_000_000, 20));
        }
        for (int i = 0; i < sizes.pathological(); i++) {
            hostile.add(pathological(i));
        }
        hostile.add(hugeLinks(sizes.hugeLinkCount()));
        if (sizes.limitRecords()) {
            hostile.add(bigArticle("hostile:near-limit", ENRICHED_LIMIT - 200_000, 0));
            hostile.add(overEnrichedLimit());
            RawRecord over = bigArticle("x", TOPIC_LIMIT + 100_000, 0);
            hostile.add(RawRecord.refused(new String(over.key(), StandardCharsets.UTF_8), over.value(),
                    "hostile:over-raw-limit"));
        }
        // Hostile records at random places; the ordinary articles keep their order.
        List<RawRecord> merged = new ArrayList<>(ordered);
        for (RawRecord h : hostile) {
            merged.add(random.nextInt(merged.size() + 1), h);
        }
        return merged;
    }

    private String key() {
        return "h-" + run + "-" + (seq++);
    }

    private RawRecord bad() {
        int roll = random.nextInt(100);
        String key = key();
        if (roll < 30) {
            return articles.invalid(key);
        }
        if (roll < 42) {
            return RawRecord.deadLetter(RawRecord.utf8(key), randomBytes(1 + random.nextInt(4096)),
                    "hostile:random-bytes", RawRecord.SERIALIZATION);
        }
        if (roll < 44) {
            return RawRecord.deadLetter(RawRecord.utf8(key), new byte[0], "hostile:empty-value",
                    RawRecord.SERIALIZATION);
        }
        if (roll < 58) {
            return RawRecord.deadLetter(RawRecord.utf8(key), mutated(validJson(key)), "hostile:mutated-json",
                    RawRecord.SERIALIZATION);
        }
        if (roll < 70) {
            return wrongType(key);
        }
        if (roll < 76) {
            int depth = 1001 + random.nextInt(random.nextBoolean() ? 2000 : 200_000);
            String open = random.nextBoolean() ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            return RawRecord.deadLetter(RawRecord.utf8(key), ("{\"slug\":\"" + key + "\",\"x\":" + open.repeat(depth)
                    + "1" + close.repeat(depth) + "}").getBytes(StandardCharsets.UTF_8), "hostile:deep-nesting",
                    RawRecord.SERIALIZATION);
        }
        if (roll < 86) {
            return RawRecord.deadLetter(RawRecord.utf8(key), nonUtf8(key), "hostile:non-utf8", RawRecord.SERIALIZATION);
        }
        if (roll < 90) {
            byte[] binaryKey = randomBytes(1 + random.nextInt(40));
            return RawRecord.deadLetter(binaryKey, randomBytes(1 + random.nextInt(300)), "hostile:binary-key-bad",
                    RawRecord.SERIALIZATION);
        }
        if (roll < 94) {
            return RawRecord.nothing(key, null, "hostile:tombstone");
        }
        if (random.nextInt(25) != 0) {
            byte[] whole = validJson(key).getBytes(StandardCharsets.UTF_8);
            return RawRecord.deadLetter(RawRecord.utf8(key), java.util.Arrays.copyOf(whole,
                    1 + random.nextInt(whole.length - 1)), "hostile:truncated", RawRecord.SERIALIZATION);
        }
        // Now and then a big broken record: a truncated 1-3 MB article.
        byte[] whole = bigArticle("x", 1_000_000 + random.nextInt(2_000_000), 5).value();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2 + random.nextInt(whole.length / 2 - 1));
        return RawRecord.deadLetter(RawRecord.utf8(key), cut, "hostile:truncated-big", RawRecord.SERIALIZATION);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        // Never a JSON object (which needs a '{' after optional whitespace or a BOM): anything else is refused.
        while (bytes[0] == '{' || bytes[0] == ' ' || bytes[0] == '\t' || bytes[0] == '\n' || bytes[0] == '\r'
                || bytes[0] == (byte) 0xEF || bytes[0] == 0 || bytes[0] == (byte) 0xFE || bytes[0] == (byte) 0xFF) {
            bytes[0] = (byte) ('A' + random.nextInt(26));
        }
        return bytes;
    }

    private String validJson(String key) {
        ObjectNode a = NODES.objectNode();
        a.put("slug", key);
        a.put("title", "Title " + articles.sentence(6));
        a.put("body_md", articles.sentence(60) + MU_LINK + articles.sentence(20));
        a.putArray("topics").add("macro").add("banks");
        a.put("updated_at", "2026-06-24 00:45:40.277842+00:00");
        a.put(ArticleGenerator.TAG_FIELD, key + "#1");
        return new String(ArticleGenerator.bytes(a), StandardCharsets.UTF_8);
    }

    /** Mutations that always break JSON: an unbalanced quote, a wrong closing bracket, a trailing comma. */
    private byte[] mutated(String json) {
        switch (random.nextInt(4)) {
            case 0: {
                List<Integer> quotes = new ArrayList<>();
                for (int i = 0; i < json.length(); i++) {
                    if (json.charAt(i) == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
                        quotes.add(i);
                    }
                }
                int at = quotes.get(random.nextInt(quotes.size()));
                return (json.substring(0, at) + json.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
            }
            case 1:
                return (json.substring(0, json.length() - 1) + "]").getBytes(StandardCharsets.UTF_8);
            case 2:
                return (json.substring(0, json.length() - 1) + ",}").getBytes(StandardCharsets.UTF_8);
            default:
                return (json.substring(0, json.length() - 1) + ",\"x\":tru}").getBytes(StandardCharsets.UTF_8);
        }
    }

    private RawRecord wrongType(String key) {
        String[] fields = {"title", "summary", "body_md", "slug", "url"};
        String[] values = {"42", "true", "{\"a\":1}", "[\"x\"]", "-1.5e300", "false"};
        String field = fields[random.nextInt(fields.length)];
        String value = values[random.nextInt(values.length)];
        String json;
        if (random.nextInt(4) == 0) {
            json = "{\"slug\":\"" + key + "\",\"topics\":" + new String[] {"\"macro\"", "7", "{\"t\":[]}", "true"}
                    [random.nextInt(4)] + "}";
        } else if (field.equals("slug") || field.equals("url")) {
            json = "{\"" + field + "\":" + value + ",\"title\":\"t\"}";
        } else {
            json = "{\"slug\":\"" + key + "\",\"" + field + "\":" + value + ",\"topics\":[\"macro\"]}";
        }
        return RawRecord.deadLetter(RawRecord.utf8(key), json.getBytes(StandardCharsets.UTF_8), "hostile:wrong-type",
                RawRecord.INVALID_ARTICLE);
    }

    private byte[] nonUtf8(String key) {
        byte[][] poison = {{(byte) 0xE9, 'x'}, {(byte) 0xFF}, {(byte) 0x80},
            {(byte) 0xE2, (byte) 0x82, 'x'}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"slug\":\"" + key + "\",\"title\":\"ab").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(poison[random.nextInt(poison.length)]);
        out.writeBytes("cd\",\"topics\":[\"macro\"]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Valid, single-version, and unpleasant: each must be published exactly once. */
    private RawRecord nastyButValid() {
        String key = key();
        ObjectNode a = NODES.objectNode();
        a.put("slug", key);
        a.put(ArticleGenerator.TAG_FIELD, key + "#1");
        List<String> themes = new ArrayList<>();
        List<String> symbols = List.of("MU");
        ArrayNode topics = a.putArray("topics");
        String kind;
        switch (random.nextInt(6)) {
            case 0 -> {
                kind = "hostile:unicode";
                a.put("title", "\u202Eevil\u202C \uD83D\uDE80 \u0000 nul \u200B zero-width " + MU_LINK);
                topics.add("IA Générative").add("Ｆｕｌｌ ｗｉｄｔｈ").add("Ελληνικά");
                themes.add("ia-generative");
            }
            case 1 -> {
                kind = "hostile:too-many-themes";
                a.put("body_md", MU_LINK);
                for (int t = 0; t < 30; t++) {
                    topics.add("Hostile Theme " + t);
                    if (t < 20) {
                        themes.add("hostile-theme-" + t);
                    }
                }
            }
            case 2 -> {
                kind = "hostile:overlong-theme";
                a.put("body_md", MU_LINK);
                topics.add("x".repeat(400));
            }
            case 3 -> {
                kind = "hostile:deep-but-allowed";
                a.put("body_md", MU_LINK);
                topics.add("macro");
                themes.add("macro");
                a.set("nested", deep(400));
            }
            case 4 -> {
                kind = "hostile:many-fields";
                a.put("body_md", MU_LINK);
                topics.add("banks");
                themes.add("banks");
                for (int f = 0; f < 5000; f++) {
                    a.put("field_" + f, f);
                }
            }
            default -> {
                kind = "hostile:escapes";
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < 20_000; i++) {
                    s.append((char) (0x20 + random.nextInt(0x7F - 0x20))).append('\\').append('"');
                }
                a.put("summary", s + MU_LINK);
                topics.add(" ");
            }
        }
        if (themes.isEmpty()) {
            themes.add(ArticleGenerator.FALLBACK);
        }
        byte[] keyBytes = random.nextInt(8) == 0 ? null : random.nextInt(8) == 0 ? randomBytes(12) : RawRecord.utf8(key);
        return RawRecord.publish(key, ArticleGenerator.bytes(a), kind, key, key + "#1", themes, symbols, List.of())
                .withKey(keyBytes);
    }

    private static ObjectNode deep(int depth) {
        ObjectNode root = NODES.objectNode();
        ObjectNode at = root;
        for (int i = 1; i < depth; i++) {
            at = at.putObject("n");
        }
        return root;
    }

    /** A valid article whose body is about {@code bytes} long, with {@code links} known tickers spread through it. */
    private RawRecord bigArticle(String kind, int bytes, int links) {
        String key = key();
        StringBuilder body = new StringBuilder(bytes + 1000);
        Set<String> order = new LinkedHashSet<>();
        int every = links == 0 ? Integer.MAX_VALUE : Math.max(1, bytes / links);
        int nextLink = every / 2;
        while (body.length() < bytes) {
            if (body.length() >= nextLink) {
                TickerRow row = equities.get(random.nextInt(equities.size()));
                body.append(" [").append(row.symbol()).append("](https://robinhood.com/stocks/").append(row.symbol())
                        .append(") ");
                order.add(row.symbol());
                nextLink += every;
            }
            body.append(articles.sentence(12)).append(". ");
        }
        return article(key, kind, body.toString(), new ArrayList<>(order), List.of("macro"));
    }

    private RawRecord article(String key, String kind, String body, List<String> symbols, List<String> themes) {
        ObjectNode a = NODES.objectNode();
        a.put("slug", key);
        a.put("title", "Big " + key);
        a.put("body_md", body);
        ArrayNode topics = a.putArray("topics");
        themes.forEach(topics::add);
        a.put("updated_at", "2026-06-24T00:45:40Z");
        a.put(ArticleGenerator.TAG_FIELD, key + "#1");
        return RawRecord.publish(key, ArticleGenerator.bytes(a), kind, key, key + "#1", themes, symbols, List.of());
    }

    private RawRecord pathological(int i) {
        String[] patterns = {"[", "](", "[x](", "<a href=\"", "https://robinhood.com/stocks/", "robinhood.com/",
            "[x]: ", "\\", "`", "%", "<", "https://robinhood.com/us/en/stocks/MU/x/", "[[[[]]]]((((", "http://",
            "](https://robinhood.com/stocks/"};
        String pattern = patterns[i % patterns.length];
        // Sized by the JSON-escaped length: a backslash or a quote takes two bytes on the wire.
        int escaped = pattern.length() + (int) pattern.chars().filter(ch -> ch == '\\' || ch == '"').count();
        int n = Math.max(1, sizes.pathologicalBytes() / escaped);
        String body = pattern.repeat(n) + "\n\n" + MU_LINK + "\n";
        // The scanner may legitimately read something into the pattern itself; what matters here is that it
        // terminates and the article is published exactly once. The trailing link must be found in any case.
        RawRecord r = article(key(), "hostile:pathological", body, null, List.of("macro"));
        return r;
    }

    private RawRecord hugeLinks(int count) {
        StringBuilder body = new StringBuilder();
        Set<String> order = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            TickerRow row = equities.get(random.nextInt(equities.size()));
            body.append("https://robinhood.com/stocks/").append(row.symbol()).append(' ');
            order.add(row.symbol());
        }
        return article(key(), "hostile:huge-link-count", body.toString(), new ArrayList<>(order), List.of("etfs"));
    }

    /** Raw record under the topic limit whose enriched copy (it adds ~2,000 resolved tickers) is over it. */
    private RawRecord overEnrichedLimit() {
        RawRecord r = bigArticle("x", ENRICHED_LIMIT - 20_000, 2_500);
        return RawRecord.deadLetter(r.key(), r.value(), "hostile:enriched-over-limit", RawRecord.INVALID_ARTICLE);
    }
}
