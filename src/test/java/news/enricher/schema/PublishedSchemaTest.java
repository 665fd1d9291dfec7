package news.enricher.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.reference.TickerRow;
import news.enricher.testkit.SchemaCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas are valid 2020-12 schemas, accept what the enricher writes, and reject a record whose shape changed:
 * a field added, removed or retyped without the schema following.
 */
class PublishedSchemaTest {

    private static final EnricherConfig CONFIG = EnricherConfig.defaults();
    private static final TickerRow MICRON = new TickerRow("MU", "Micron Technology, Inc. Common Stock", "NASDAQ",
            "Technology", "Semiconductors", "United States", "equity");
    private static final String ARTICLE = "{\"slug\":\"s\",\"title\":\"Memory\",\"topics\":[\"AI Chips\"],"
            + "\"crawled_by\":{\"bot\":7},\"body_md\":\"[Micron](https://robinhood.com/stocks/MU) and "
            + "[Acme](https://robinhood.com/stocks/ZZZZ)\"}";

    private static OfflineEnricher offline;
    private static Map<String, OutputRecord> outputs;

    @BeforeAll
    static void enrich() {
        offline = new OfflineEnricher(CONFIG, List.of(MICRON),
                Clock.fixed(Instant.parse("2026-11-24T12:00:00.123Z"), ZoneOffset.UTC));
        outputs = new HashMap<>();
        for (OutputRecord r : offline.enrich("s", ARTICLE.getBytes(StandardCharsets.UTF_8))) {
            outputs.put(r.topic(), r);
        }
        for (OutputRecord r : offline.enrich("bad", "{\"slug\":\"bad\",\"topics\":\"ai\"}".getBytes(
                StandardCharsets.UTF_8))) {
            outputs.put(r.topic(), r);
        }
        assertThat(outputs).containsOnlyKeys(CONFIG.themeTopic("ai-chips"), CONFIG.unknownTickersTopic(),
                CONFIG.deadLetterTopic(), CONFIG.trendsTopic());
    }

    @AfterAll
    static void close() {
        offline.close();
    }

    @ParameterizedTest
    @EnumSource(PublishedSchema.class)
    void isAValidDraft202012Schema(PublishedSchema schema) throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        JsonNode document = Json.MAPPER.readTree(schema.bytes());

        assertThat(registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()))
                .validate(document)).isEmpty();
        assertThat(document.get("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void shipsExactlyTheListedSchemas() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/schemas"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(PublishedSchema.values())
                            .map(PublishedSchema::fileName).toList());
        }
    }

    @Test
    void acceptsTheEnrichedEventWithTheInputsOwnFieldsPassedThrough() {
        assertThat(SchemaCheck.enrichedEventErrors(enriched(), inputFields())).isEmpty();
    }

    @Test
    void rejectsAnEnrichedEventWithATopLevelFieldTheInputDidNotHave() {
        ObjectNode value = enriched();
        value.put("enriched_by", "instance-1");

        assertThat(SchemaCheck.enrichedEventErrors(value, inputFields())).singleElement().asString()
                .contains("enriched_by");
    }

    @Test
    void rejectsAnEnrichedEventMissingAnAddedField() {
        ObjectNode value = enriched();
        value.remove("enriched_at");

        assertThat(SchemaCheck.enrichedEventErrors(value, inputFields())).singleElement().asString()
                .contains("enriched_at");
    }

    @Test
    void rejectsAnEnrichedEventWhoseTickerGainedOrLostAField() {
        ObjectNode gained = enriched();
        ((ObjectNode) gained.get("tickers").get(0)).put("isin", "US5951121038");
        ObjectNode lost = enriched();
        ((ObjectNode) lost.get("unknown_tickers").get(0)).remove("link_texts");

        assertThat(SchemaCheck.enrichedEventErrors(gained, inputFields())).singleElement().asString()
                .contains("isin");
        assertThat(SchemaCheck.enrichedEventErrors(lost, inputFields())).singleElement().asString()
                .contains("link_texts");
    }

    @Test
    void rejectsAnEnrichedEventWithARetypedField() {
        ObjectNode version = enriched();
        version.put("schema_version", 2);
        ObjectNode time = enriched();
        time.put("enriched_at", "2026-11-24 12:00:00");
        ObjectNode mentions = enriched();
        ((ObjectNode) mentions.get("tickers").get(0)).put("mentions", "1");
        ObjectNode title = enriched();
        title.put("title", 42);

        for (ObjectNode changed : List.of(version, time, mentions, title)) {
            assertThat(SchemaCheck.enrichedEventErrors(changed, inputFields())).as(changed.toString()).isNotEmpty();
        }
    }

    @Test
    void rejectsAnEnrichedEventWithoutAnArticleId() {
        ObjectNode value = enriched();
        value.remove("slug");

        assertThat(SchemaCheck.enrichedEventErrors(value, inputFields())).isNotEmpty();
    }

    @Test
    void acceptsTheUnknownTickerSightingAndRejectsAChangedOne() {
        ObjectNode sighting = tree(outputs.get(CONFIG.unknownTickersTopic()).value());
        ObjectNode extra = sighting.deepCopy().put("theme", "ai-chips");
        ObjectNode missing = sighting.deepCopy();
        missing.remove("article_id");

        assertThat(SchemaCheck.errors(PublishedSchema.UNKNOWN_TICKER, sighting)).isEmpty();
        assertThat(SchemaCheck.errors(PublishedSchema.UNKNOWN_TICKER, extra)).singleElement().asString()
                .contains("theme");
        assertThat(SchemaCheck.errors(PublishedSchema.UNKNOWN_TICKER, missing)).singleElement().asString()
                .contains("article_id");
    }

    @Test
    void acceptsTheDeadLettersHeadersWithTheInputsOwnAndRejectsAChangedOne() {
        Map<String, String> headers = outputs.get(CONFIG.deadLetterTopic()).headers();
        Map<String, String> withInputHeader = new LinkedHashMap<>(headers);
        withInputHeader.put("trace-id", "abc");
        withInputHeader.put("no-value", null);
        Map<String, String> missing = new LinkedHashMap<>(headers);
        missing.remove("__streams.errors.message");
        Map<String, String> unlisted = new LinkedHashMap<>(headers);
        unlisted.put("enricher.dlq.rule", "topics");
        Map<String, String> badOffset = new LinkedHashMap<>(headers);
        badOffset.put("__streams.errors.offset", "-1");

        assertThat(SchemaCheck.errors(PublishedSchema.DEAD_LETTER_HEADERS, Json.MAPPER.valueToTree(withInputHeader)))
                .isEmpty();
        for (Map<String, String> changed : List.of(missing, unlisted, badOffset)) {
            assertThat(SchemaCheck.errors(PublishedSchema.DEAD_LETTER_HEADERS, Json.MAPPER.valueToTree(changed)))
                    .as(changed.keySet().toString()).isNotEmpty();
        }
    }

    @Test
    void acceptsARealTrendRecordAndRejectsAChangedOne() {
        ObjectNode trend = tree(outputs.get(CONFIG.trendsTopic()).value());

        assertThat(SchemaCheck.errors(PublishedSchema.TREND, trend)).isEmpty();
        List<ObjectNode> changed = List.of(
                trend.deepCopy().put("rank", 1),
                without(trend, "known"),
                trend.deepCopy().put("asset_class", "stock"),
                trend.deepCopy().put("articles", -1),
                trend.deepCopy().put("mentions", 1.5),
                trend.deepCopy().put("window_start", "2026-06-23T15:00:00+02:00"),
                trend.deepCopy().put("window_end", "2026-13-45T25:00:00Z"),
                trend.deepCopy().put("updated_at", "yesterday"));
        for (ObjectNode c : changed) {
            assertThat(SchemaCheck.errors(PublishedSchema.TREND, c)).as(c.toString()).isNotEmpty();
        }
    }

    private static ObjectNode enriched() {
        return tree(outputs.get(CONFIG.themeTopic("ai-chips")).value());
    }

    private static Set<String> inputFields() {
        return SchemaCheck.fieldNames(ARTICLE.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode without(ObjectNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
