package news.enricher.topology;

import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.apache.kafka.common.serialization.StringSerializer;

import org.apache.kafka.streams.TestInputTopic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.acl.MissingPermission;
import news.enricher.config.EnricherConfig;
import news.enricher.deadletter.DeadLetterFit;
import news.enricher.deadletter.DeadLetterProcessingHandler;
import news.enricher.json.Json;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnricherTopologyTest {

    private static final List<String> SEED_TICKERS = List.of("SNDK", "CRDO", "LRCX", "AXTI", "MU", "GLW", "AAOI",
            "WDC", "MRVL", "ARM", "COHR", "ASML", "ANET", "ALAB", "STX");
    private static final List<String> SEED_THEMES = List.of("ai-chips", "ai-startups", "ai-policy",
            "artificial-intelligence", "ai-safety");
    private static final TickerRow MICRON = new TickerRow("MU", "Micron Technology, Inc. Common Stock", "NASDAQ",
            "Technology", "Semiconductors", "United States", "equity");
    private static final TickerRow SOLANA = new TickerRow("SOL", "Solana", null, null, "Cryptocurrency", null,
            "crypto");
    private static final TickerRow EMEREN = new TickerRow("SOL", "Emeren Group Ltd", "NYSE", "", "Solar", "",
            "equity");

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private TopologyFixture start(EnricherConfig config) {
        fixture = new TopologyFixture(config, stateDir);
        return fixture;
    }

    private TopologyFixture start() {
        return start(EnricherConfig.defaults());
    }

    @Test
    void enrichesTheSeedArticleOntoItsFiveThemedTopics() throws Exception {
        TopologyFixture f = start();
        f.reference(TickerCsv.read(Path.of("config/tickers.csv")));
        String seed = TopologyFixture.seedArticle();
        ObjectNode input = (ObjectNode) Json.MAPPER.readTree(seed);
        String slug = input.get("slug").textValue();

        f.pipe("crawler-key", seed);

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(
                SEED_THEMES.stream().map(f.config::themeTopic).toList());
        for (String theme : SEED_THEMES) {
            List<TestRecord<String, byte[]>> records = out.get(f.config.themeTopic(theme));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo(slug);
            ObjectNode value = (ObjectNode) Json.MAPPER.readTree(records.get(0).value());

            Iterator<Map.Entry<String, JsonNode>> fields = input.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertThat(value.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
            }
            assertThat(fieldNames(value)).containsExactlyElementsOf(concat(fieldNames(input),
                    List.of("tickers", "unknown_tickers", "theme", "symbols", "enriched_at", "schema_version")));
            assertThat(value.get("theme").textValue()).isEqualTo(theme);
            assertThat(value.get("tickers").findValuesAsText("symbol")).containsExactlyElementsOf(SEED_TICKERS);
            assertThat(value.get("unknown_tickers")).isEmpty();
            assertThat(texts(value.get("symbols"))).containsExactlyElementsOf(SEED_TICKERS);
            assertThat(value.get("enriched_at").textValue()).isEqualTo(TopologyFixture.NOW.toString());
            assertThat(value.get("schema_version").intValue()).isEqualTo(1);

            JsonNode micron = value.get("tickers").get(SEED_TICKERS.indexOf("MU"));
            assertThat(micron.get("asset_class").textValue()).isEqualTo("equity");
            assertThat(micron.get("name").textValue()).startsWith("Micron Technology");
            assertThat(micron.get("exchange").textValue()).isEqualTo("NASDAQ");
            assertThat(micron.get("mentions").intValue()).isPositive();
            assertThat(texts(micron.get("link_texts"))).containsExactly("Micron");
            assertThat(fieldNames(micron)).containsExactly("symbol", "asset_class", "name", "exchange", "sector",
                    "industry", "country", "mentions", "link_texts");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON            | <html>oops</html>                          | org.apache.kafka.common.errors.SerializationException",
        "truncated JSON      | {\"slug\": \"a\", \"title\": \"Mic       | org.apache.kafka.common.errors.SerializationException",
        "not an object       | [{\"slug\": \"a\"}]                        | org.apache.kafka.common.errors.SerializationException",
        "title not a string  | {\"slug\": \"a\", \"title\": 42}           | news.enricher.article.InvalidArticleException",
        "topics not an array | {\"slug\": \"a\", \"topics\": \"ai\"}      | news.enricher.article.InvalidArticleException",
        "slug not a string   | {\"slug\": [\"a\"], \"url\": \"u\"}        | news.enricher.article.InvalidArticleException",
        "no slug and no url  | {\"title\": \"Untitled\"}                  | news.enricher.article.InvalidArticleException"
    })
    void routesBadInputToTheDeadLetterTopicWithItsReason(String kind, String payload, String exception) {
        TopologyFixture f = start();
        f.pipe("k1", "{\"slug\":\"good-1\",\"topics\":[\"ai\"]}");
        f.drain();

        f.pipe("original-key", payload);

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.deadLetterTopic());
        TestRecord<String, byte[]> dead = out.get(f.config.deadLetterTopic()).get(0);
        assertThat(out.get(f.config.deadLetterTopic())).hasSize(1);
        assertThat(dead.key()).isEqualTo("original-key");
        assertThat(dead.value()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, "__streams.errors.exception")).isEqualTo(exception);
        assertThat(header(dead, "__streams.errors.message")).isNotBlank();
        assertThat(header(dead, "__streams.errors.topic")).isEqualTo(f.config.rawTopic());
        assertThat(header(dead, "__streams.errors.partition")).isEqualTo("0");
        assertThat(header(dead, "__streams.errors.offset")).isEqualTo("1");

        f.pipe("k3", "{\"slug\":\"good-2\",\"topics\":[\"ai\"]}");
        assertThat(f.drain()).containsOnlyKeys(f.config.themeTopic("ai"));
    }

    @Test
    void deadLettersBytesThatAreNotUtf8Untouched() {
        TopologyFixture f = start();
        byte[] latin1 = "{\"slug\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        f.pipe("k", latin1, TopologyFixture.NOW);

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.deadLetterTopic());
        assertThat(out.get(f.config.deadLetterTopic())).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(latin1));
    }

    @Test
    void deadLettersAnOverlongUtf8SlashThatJacksonAloneWouldDecode() {
        TopologyFixture f = start();
        f.reference(List.of(MICRON));
        // "robinhood.com<C0 AF>stocks/MU": Jackson reads C0 AF as '/', which would make it a Micron link.
        byte[] overlong = "{\"slug\":\"o\",\"topics\":[\"ai\"],\"body_md\":\"https://robinhood.com__stocks/MU/\"}"
                .getBytes(StandardCharsets.US_ASCII);
        int at = new String(overlong, StandardCharsets.US_ASCII).indexOf("__");
        overlong[at] = (byte) 0xC0;
        overlong[at + 1] = (byte) 0xAF;

        f.pipe("o", overlong, TopologyFixture.NOW);

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.deadLetterTopic());
        assertThat(out.get(f.config.deadLetterTopic())).singleElement().satisfies(dead -> {
            assertThat(dead.value()).isEqualTo(overlong);
            assertThat(header(dead, "__streams.errors.message")).contains("ill-formed UTF-8 (byte 0xC0)");
        });
    }

    @Test
    void deadLettersAnArticleWhoseEnrichedCopyWouldExceedTheTopicLimit() {
        TopologyFixture f = start(EnricherConfig.defaults().with(EnricherConfig.TOPIC_MAX_MESSAGE_BYTES,
                String.valueOf(100 * 1024)));
        String big = "{\"slug\":\"big\",\"topics\":[\"ai\"],\"body_md\":\"" + "x".repeat(60 * 1024) + "\"}";

        f.pipe("big", big);
        f.pipe("small", "{\"slug\":\"small\",\"topics\":[\"ai\"]}");

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.deadLetterTopic(), f.config.themeTopic("ai"));
        assertThat(out.get(f.config.themeTopic("ai"))).extracting(TestRecord::key).containsExactly("small");
        TestRecord<String, byte[]> dead = out.get(f.config.deadLetterTopic()).get(0);
        assertThat(out.get(f.config.deadLetterTopic())).hasSize(1);
        assertThat(dead.value()).isEqualTo(big.getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, "__streams.errors.message")).contains("over the").contains("limit");
    }

    @Test
    void refusesARawValueOverTheTopicLimitBeforeParsingIt() {
        TopologyFixture f = start(EnricherConfig.defaults().with(EnricherConfig.TOPIC_MAX_MESSAGE_BYTES,
                String.valueOf(100 * 1024)));
        // Valid JSON, so only the size can be the reason: it could reach the topic compressed.
        String big = "{\"slug\":\"big\",\"topics\":[\"ai\"],\"body_md\":\"" + "x".repeat(150 * 1024) + "\"}";

        f.pipe("big", big);
        f.pipe("small", "{\"slug\":\"small\",\"topics\":[\"ai\"]}");

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.deadLetterTopic(), f.config.themeTopic("ai"));
        assertThat(out.get(f.config.themeTopic("ai"))).extracting(TestRecord::key).containsExactly("small");
        assertThat(out.get(f.config.deadLetterTopic())).singleElement().satisfies(dead -> {
            assertThat(dead.value()).isEqualTo(big.getBytes(StandardCharsets.UTF_8));
            assertThat(header(dead, "__streams.errors.exception"))
                    .isEqualTo("org.apache.kafka.common.errors.SerializationException");
            assertThat(header(dead, "__streams.errors.message")).contains("over the limit of 102400 bytes");
            assertThat(header(dead, DeadLetterFit.TRUNCATED)).isNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "undecodable | {\"slug\":\"huge\",\"body_md\":\"        | org.apache.kafka.common.errors.SerializationException",
        "invalid     | {\"slug\":\"huge\",\"title\":1,\"x\":\"  | news.enricher.article.InvalidArticleException"
    })
    void cutsADeadLetterTheProducerWouldRefuseAndSaysWhatWasCut(String kind, String start, String exception) {
        int maxRequestSize = 256 * 1024;
        TopologyFixture f = start(EnricherConfig.defaults().with(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), String.valueOf(maxRequestSize)));
        String payload = start + "y".repeat(600 * 1024) + (kind.equals("invalid") ? "\"}" : "");
        byte[] original = payload.getBytes(StandardCharsets.UTF_8);

        f.pipe("huge", original, TopologyFixture.NOW);
        f.pipe("small", "{\"slug\":\"small\",\"topics\":[\"ai\"]}");

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.deadLetterTopic(), f.config.themeTopic("ai"));
        assertThat(out.get(f.config.themeTopic("ai"))).extracting(TestRecord::key).containsExactly("small");
        assertThat(out.get(f.config.deadLetterTopic())).singleElement().satisfies(dead -> {
            assertThat(dead.key()).isEqualTo("huge");
            assertThat(dead.value().length).isGreaterThan(maxRequestSize / 2).isLessThan(maxRequestSize);
            assertThat(original).startsWith(dead.value());
            assertThat(header(dead, DeadLetterFit.TRUNCATED)).isEqualTo("value");
            assertThat(header(dead, DeadLetterFit.ORIGINAL_VALUE_BYTES)).isEqualTo(String.valueOf(original.length));
            assertThat(header(dead, DeadLetterFit.ORIGINAL_VALUE_SHA256)).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(original)));
            assertThat(header(dead, "__streams.errors.exception")).isEqualTo(exception);
            assertThat(header(dead, "__streams.errors.offset")).isEqualTo("0");
        });
    }

    @Test
    void failsRatherThanDeadLettersWhenATopicCannotBeCreated() {
        fixture = new TopologyFixture(EnricherConfig.defaults(), stateDir, topic -> {
            throw new TopicGuard.Unavailable("cluster unavailable", new IllegalStateException("timeout"));
        });

        assertThatThrownBy(() -> fixture.pipe("a", "{\"slug\":\"a\",\"topics\":[\"ai\"]}"))
                .isInstanceOf(StreamsException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(fixture.drain()).isEmpty();
    }

    @Test
    void failsRatherThanDeadLettersAndIsNotRetriedWhenCreatingATopicIsNotAuthorized() {
        fixture = new TopologyFixture(EnricherConfig.defaults(), stateDir, topic -> {
            throw new TopicGuard.Unavailable("Cannot create themed topic " + topic, new MissingPermission(
                    AclOperation.CREATE, ResourceType.TOPIC, List.of(topic), new TopicAuthorizationException("denied")));
        });

        assertThatThrownBy(() -> fixture.pipe("a", "{\"slug\":\"a\",\"topics\":[\"ai\"]}"))
                .isInstanceOf(StreamsException.class)
                .satisfies(e -> assertThat(DeadLetterProcessingHandler.isInfrastructureFailure(e)).isFalse());
        assertThat(fixture.drain()).isEmpty();
    }

    @Test
    void skipsTombstones() {
        TopologyFixture f = start();

        f.pipe("gone", null);

        assertThat(f.drain()).isEmpty();
        assertThat(f.events).containsExactly("tombstone");
    }

    @Test
    void countsWhatItPublishesAndWhatItSkips() {
        TopologyFixture f = start();
        f.reference(List.of(MICRON));
        String v1 = "{\"slug\":\"s\",\"topics\":[\"a\",\"b\"],\"updated_at\":\"2026-06-24T00:00:00Z\","
                + "\"body_md\":\"https://robinhood.com/stocks/MU https://robinhood.com/stocks/NOPE\"}";

        f.pipe("s", v1);
        f.pipe("s", v1);
        f.pipe("s", v1.replace("2026-06-24", "2026-06-23"));
        f.pipe("x", null);

        assertThat(f.events).containsExactly("enriched:a", "enriched:b", "unknown", "recrawl", "stale", "tombstone");
    }

    @Test
    void reportsTheTimeFromTheInputRecordsTimestampToTheForwardOncePerPublishedArticle() {
        TopologyFixture f = start();
        String article = "{\"slug\":\"s\",\"topics\":[\"a\",\"b\"],\"updated_at\":\"2026-06-24T00:00:00Z\"}";

        f.pipe("s", article.getBytes(StandardCharsets.UTF_8), TopologyFixture.NOW.minusMillis(1_500));
        f.pipe("s", article.getBytes(StandardCharsets.UTF_8), TopologyFixture.NOW.minusMillis(700));
        f.pipe("t", "{\"slug\":\"t\"}".getBytes(StandardCharsets.UTF_8), TopologyFixture.NOW.minusMillis(40));
        f.pipe("bad", "oops".getBytes(StandardCharsets.UTF_8), TopologyFixture.NOW.minusMillis(5));

        // The re-crawl and the dead letter publish nothing, so they have no end-to-end latency.
        assertThat(f.latencies).containsExactly(Duration.ofMillis(1_500), Duration.ofMillis(40));
    }

    @Test
    void reportsEachDeadLetterWithItsReason() {
        TopologyFixture f = start();

        f.pipe("a", "<html>oops</html>");
        f.pipe("b", "{\"slug\":\"b\",\"topics\":\"ai\"}");
        f.pipe("c", "{\"slug\":\"c\",\"topics\":[\"ai\"]}");
        f.pipe("d", "{\"title\":\"no id\"}");

        assertThat(f.drain().get(f.config.deadLetterTopic())).hasSize(3);
        assertThat(f.deadLetters).containsExactly("invalid-json", "invalid-article", "invalid-article");
    }

    @Test
    void dropsAnExactRecrawlAndPublishesACorrection() {
        TopologyFixture f = start();
        String v1 = "{\"slug\":\"s\",\"title\":\"v1\",\"topics\":[\"ai\"],\"updated_at\":\"2026-06-24T00:00:00Z\"}";
        String v1Again = "{\"slug\":\"s\",\"title\":\"v1 re-crawled\",\"topics\":[\"ai\"],\"updated_at\":\"2026-06-24T00:00:00Z\"}";
        String v2 = "{\"slug\":\"s\",\"title\":\"v2\",\"topics\":[\"ai\"],\"updated_at\":\"2026-06-25T00:00:00Z\"}";

        f.pipe("s", v1);
        f.pipe("s", v1Again);
        f.pipe("s", v2);

        assertThat(titles(f.drain(), f.config.themeTopic("ai"))).containsExactly("v1", "v2");
    }

    @Test
    void dropsAStaleVersion() {
        TopologyFixture f = start();
        f.pipe("s", "{\"slug\":\"s\",\"title\":\"new\",\"topics\":[\"ai\"],\"updated_at\":\"2026-06-25T00:00:00Z\"}");
        f.drain();

        f.pipe("s", "{\"slug\":\"s\",\"title\":\"old\",\"topics\":[\"ai\"],\"updated_at\":\"2026-06-24T00:00:00Z\"}");

        assertThat(f.drain()).isEmpty();
    }

    @Test
    void comparesContentWhenThereIsNoUpdatedAt() {
        TopologyFixture f = start();

        f.pipe("s", "{\"slug\":\"s\",\"title\":\"a\",\"topics\":[\"ai\"]}");
        f.pipe("s", "{\"slug\":\"s\",\"title\":\"a\",\"topics\":[\"ai\"],\"crawled_by\":\"other\"}");
        f.pipe("s", "{\"slug\":\"s\",\"title\":\"b\",\"topics\":[\"ai\"]}");

        assertThat(titles(f.drain(), f.config.themeTopic("ai"))).containsExactly("a", "b");
    }

    @Test
    void forgetsVersionsOlderThanTheRetention() {
        TopologyFixture f = start(EnricherConfig.defaults().with(EnricherConfig.DEDUP_RETENTION, "PT1H"));
        byte[] article = "{\"slug\":\"s\",\"title\":\"a\",\"topics\":[\"ai\"]}".getBytes(StandardCharsets.UTF_8);

        f.pipe("s", article, TopologyFixture.NOW);
        f.pipe("s", article, TopologyFixture.NOW.plus(Duration.ofMinutes(30)));
        f.pipe("s", article, TopologyFixture.NOW.plus(Duration.ofHours(2)));

        assertThat(titles(f.drain(), f.config.themeTopic("ai"))).containsExactly("a", "a");
    }

    @Test
    void keysTheOutputByUrlWhenThereIsNoSlug() {
        TopologyFixture f = start();

        f.pipe("crawler-key", "{\"url\":\"https://news.example/a\",\"topics\":[\"ai\"]}");

        assertThat(f.drain().get(f.config.themeTopic("ai"))).singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo("https://news.example/a"));
    }

    @Test
    void keepsUnknownTickersAndPublishesEachToTheUnknownTickersTopic() throws Exception {
        TopologyFixture f = start();
        f.reference(List.of(MICRON));

        f.pipe("s", "{\"slug\":\"s\",\"topics\":[\"ai\"],\"body_md\":\"[Acme](https://robinhood.com/stocks/ZZZZ) and "
                + "[Micron](https://robinhood.com/stocks/MU) and again https://robinhood.com/stocks/ZZZZ\"}");

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.themeTopic("ai"), f.config.unknownTickersTopic());
        JsonNode enriched = Json.MAPPER.readTree(out.get(f.config.themeTopic("ai")).get(0).value());
        assertThat(enriched.get("tickers").findValuesAsText("symbol")).containsExactly("MU");
        assertThat(enriched.get("unknown_tickers")).hasSize(1);
        JsonNode unknown = enriched.get("unknown_tickers").get(0);
        assertThat(unknown.get("symbol").textValue()).isEqualTo("ZZZZ");
        assertThat(unknown.get("asset_class").textValue()).isEqualTo("equity");
        assertThat(unknown.get("mentions").intValue()).isEqualTo(2);
        assertThat(texts(unknown.get("link_texts"))).containsExactly("Acme");
        assertThat(texts(enriched.get("symbols"))).containsExactly("ZZZZ", "MU");

        List<TestRecord<String, byte[]>> sightings = out.get(f.config.unknownTickersTopic());
        assertThat(sightings).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("ZZZZ");
            JsonNode v = Json.MAPPER.readTree(r.value());
            assertThat(v.get("article_id").textValue()).isEqualTo("s");
            assertThat(v.get("mentions").intValue()).isEqualTo(2);
        });
    }

    @Test
    void neverJoinsCryptoToAnEquityOfTheSameSymbol() throws Exception {
        TopologyFixture f = start();
        f.reference(List.of(EMEREN));
        String article = "{\"slug\":\"s\",\"topics\":[\"crypto\"],\"body_md\":\""
                + "[Solana](https://robinhood.com/us/en/crypto/SOL/) vs [Emeren](https://robinhood.com/stocks/SOL)\"}";

        f.pipe("s", article);
        JsonNode before = Json.MAPPER.readTree(f.drain().get(f.config.themeTopic("crypto")).get(0).value());
        f.reference(List.of(SOLANA));
        f.pipe("s", article.replace("\"slug\":\"s\"", "\"slug\":\"s2\""));
        JsonNode after = Json.MAPPER.readTree(f.drain().get(f.config.themeTopic("crypto")).get(0).value());

        assertThat(before.get("tickers").findValuesAsText("name")).containsExactly("Emeren Group Ltd");
        assertThat(before.get("unknown_tickers").findValuesAsText("asset_class")).containsExactly("crypto");
        assertThat(after.get("tickers").findValuesAsText("name")).containsExactly("Solana", "Emeren Group Ltd");
        assertThat(after.get("tickers").findValuesAsText("asset_class")).containsExactly("crypto", "equity");
        assertThat(after.get("unknown_tickers")).isEmpty();
    }

    @Test
    void writesEmptyReferenceValuesAsNull() throws Exception {
        TopologyFixture f = start();
        f.reference(List.of(EMEREN));

        f.pipe("s", "{\"slug\":\"s\",\"body_md\":\"https://robinhood.com/stocks/SOL\"}");

        JsonNode ticker = Json.MAPPER.readTree(f.drain().get(f.config.themeTopic(f.config.fallbackTheme()))
                .get(0).value()).get("tickers").get(0);
        assertThat(ticker.get("sector").isNull()).isTrue();
        assertThat(ticker.get("country").isNull()).isTrue();
        assertThat(ticker.get("link_texts")).isEmpty();
    }

    @Test
    void seesReferenceUpdatesAndDeletionsWithoutRestart() throws Exception {
        TopologyFixture f = start();
        f.reference(List.of(MICRON));
        String body = "\"body_md\":\"[Micron](https://robinhood.com/stocks/MU)\",\"topics\":[\"ai\"]}";

        f.pipe("a", "{\"slug\":\"a\"," + body);
        f.reference(List.of(new TickerRow("MU", "Micron (renamed)", "NASDAQ", "Technology", "Semiconductors",
                "United States", "equity")));
        f.pipe("b", "{\"slug\":\"b\"," + body);
        f.deleteReference(MICRON.referenceKey());
        f.pipe("c", "{\"slug\":\"c\"," + body);

        List<JsonNode> values = new ArrayList<>();
        for (TestRecord<String, byte[]> r : f.drain().get(f.config.themeTopic("ai"))) {
            values.add(Json.MAPPER.readTree(r.value()));
        }
        assertThat(values).hasSize(3);
        assertThat(values.get(0).get("tickers").findValuesAsText("name")).containsExactly(MICRON.name());
        assertThat(values.get(1).get("tickers").findValuesAsText("name")).containsExactly("Micron (renamed)");
        assertThat(values.get(2).get("tickers")).isEmpty();
        assertThat(values.get(2).get("unknown_tickers").findValuesAsText("symbol")).containsExactly("MU");
    }

    @Test
    void keepsTheLastGoodVersionOfAReferenceRowWhenABrokenOneArrivesAndGoesOn() throws Exception {
        TopologyFixture f = start();
        f.reference(List.of(MICRON));
        TestInputTopic<String, byte[]> rawReference = f.driver.createInputTopic(f.config.referenceTopic(),
                new StringSerializer(), new ByteArraySerializer());
        String body = "\"body_md\":\"[Micron](https://robinhood.com/stocks/MU)\",\"topics\":[\"ai\"]}";

        rawReference.pipeInput(MICRON.referenceKey(), "{not a row".getBytes(StandardCharsets.UTF_8));
        f.pipe("a", "{\"slug\":\"a\"," + body);
        f.reference(List.of(new TickerRow("MU", "Micron (renamed)", "NASDAQ", "Technology", "Semiconductors",
                "United States", "equity")));
        f.pipe("b", "{\"slug\":\"b\"," + body);

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out.keySet()).containsExactly(f.config.themeTopic("ai"));
        List<TestRecord<String, byte[]>> copies = out.get(f.config.themeTopic("ai"));
        assertThat(copies).extracting(TestRecord::key).containsExactly("a", "b");
        assertThat(Json.MAPPER.readTree(copies.get(0).value()).get("tickers").findValuesAsText("name"))
                .containsExactly(MICRON.name());
        assertThat(Json.MAPPER.readTree(copies.get(1).value()).get("tickers").findValuesAsText("name"))
                .containsExactly("Micron (renamed)");
    }

    @Test
    void sendsArticlesWithoutUsableThemesToTheFallbackTheme() throws Exception {
        TopologyFixture f = start();

        f.pipe("a", "{\"slug\":\"a\"}");
        f.pipe("b", "{\"slug\":\"b\",\"topics\":[\"  \", \"***\"]}");

        List<TestRecord<String, byte[]>> records = f.drain().get(f.config.themeTopic(f.config.fallbackTheme()));
        assertThat(records).extracting(TestRecord::key).containsExactly("a", "b");
        assertThat(Json.MAPPER.readTree(records.get(0).value()).get("theme").textValue())
                .isEqualTo(f.config.fallbackTheme());
    }

    @Test
    void sendsThemesOutsideTheAllowlistToTheFallback() {
        TopologyFixture f = start(EnricherConfig.defaults().with(EnricherConfig.THEME_ALLOWLIST, "ai-chips"));

        f.pipe("a", "{\"slug\":\"a\",\"topics\":[\"AI Chips\",\"celebrity gossip\",\"memes\"]}");

        assertThat(f.drain()).containsOnlyKeys(f.config.themeTopic("ai-chips"),
                f.config.themeTopic(f.config.fallbackTheme()));
    }

    @Test
    void publishesOneCopyPerDistinctTheme() {
        TopologyFixture f = start();

        f.pipe("a", "{\"slug\":\"a\",\"topics\":[\"AI Chips\",\"ai_chips\",\" ai-chips \",\"IA Générative\"]}");

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.themeTopic("ai-chips"), f.config.themeTopic("ia-generative"));
        assertThat(out.values()).allSatisfy(records -> assertThat(records).hasSize(1));
    }

    @Test
    void rekeysByArticleIdThroughARepartitionTopicWhenAskedTo() {
        TopologyFixture f = start(EnricherConfig.defaults().with(EnricherConfig.REKEY_BY_ARTICLE_ID, "true"));
        String article = "{\"slug\":\"s\",\"topics\":[\"ai\"],\"updated_at\":\"2026-06-24T00:00:00Z\"}";

        f.pipe("crawler-a", article);
        f.pipe("crawler-b", article);
        f.pipe("crawler-c", "{\"title\":\"no id\"}");
        f.pipe("crawler-d", null);

        Map<String, List<TestRecord<String, byte[]>>> out = f.drain();
        assertThat(out).containsOnlyKeys(f.config.themeTopic("ai"), f.config.deadLetterTopic());
        assertThat(out.get(f.config.themeTopic("ai"))).extracting(TestRecord::key).containsExactly("s");
        assertThat(out.get(f.config.deadLetterTopic())).singleElement().satisfies(dead -> {
            assertThat(dead.key()).isEqualTo("crawler-c");
            assertThat(header(dead, "__streams.errors.topic")).isEqualTo(f.config.rawTopic());
        });
        assertThat(f.events).containsExactly("enriched:ai", "recrawl", "tombstone");
        assertThat(f.driver.producedTopicNames()).anyMatch(t -> t.endsWith(EnricherTopology.BY_ARTICLE_ID
                + "-repartition"));
    }

    @Test
    void usesConfiguredTopicNames() {
        EnricherConfig custom = EnricherConfig.defaults().with(Map.of(
                EnricherConfig.RAW_TOPIC, "in.raw",
                EnricherConfig.THEME_TOPIC_PREFIX, "out.theme.",
                EnricherConfig.DEAD_LETTER_TOPIC, "in.dead"));
        TopologyFixture f = start(custom);

        f.pipe("a", "{\"slug\":\"a\",\"topics\":[\"x\"]}");
        f.pipe("b", "oops");

        assertThat(f.drain()).containsOnlyKeys("out.theme.x", "in.dead");
    }

    private static List<String> titles(Map<String, List<TestRecord<String, byte[]>>> out, String topic) {
        assertThat(out).containsOnlyKeys(topic);
        List<String> titles = new ArrayList<>();
        for (TestRecord<String, byte[]> r : out.get(topic)) {
            try {
                titles.add(Json.MAPPER.readTree(r.value()).get("title").textValue());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return titles;
    }

    private static String header(TestRecord<String, byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.textValue()));
        return texts;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

}
