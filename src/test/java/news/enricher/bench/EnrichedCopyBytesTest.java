package news.enricher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.config.EnricherConfig;
import news.enricher.json.Json;
import news.enricher.offline.OfflineEnricher;
import news.enricher.offline.OutputRecord;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the bytes of every enriched copy: the input's own bytes up to its closing brace, byte for byte, then the added
 * fields (tickers, unknown_tickers, theme, symbols, enriched_at, schema_version) as the project's mapper writes them.
 * An input that already carries an added field is the exception: its copy is the whole tree written by the mapper,
 * with that field in its original position.
 */
class EnrichedCopyBytesTest {

    private static List<TickerRow> tickers;

    @BeforeAll
    static void loadTable() {
        tickers = TickerCsv.read(Path.of("config/tickers.csv"));
    }

    @Test
    void generatedArticles() throws Exception {
        ArticleGenerator generator = new ArticleGenerator(tickers, 99, ArticleGenerator.Mix.CLEAN, "bytes");
        try (OfflineEnricher offline = new OfflineEnricher(EnricherConfig.defaults(), tickers, Clock.systemUTC())) {
            int copies = 0;
            for (int i = 0; i < 300; i++) {
                ArticleGenerator.Generated g = generator.next();
                copies += check(offline, g.key(), g.value());
            }
            assertThat(copies).isGreaterThan(300);
        }
    }

    @Test
    void inputsWithEscapesNestingAndAddedFieldNames() throws Exception {
        List<String> inputs = List.of(
                "{\"slug\":\"a\",\"title\":\"caf\\u00e9 \\\"quoted\\\" \\n [MU](https://robinhood.com/stocks/MU)\","
                        + "\"topics\":[\"AI Chips\",\"crypto\"],\"n\":1.50,\"big\":12345678901234567890,"
                        + "\"nested\":{\"x\":[1,{\"y\":null}],\"e\":\"\\u2028\"}}",
                "{\"slug\":\"b\",\"theme\":\"old\",\"title\":\"x\",\"topics\":[\"ai\",\"energy\"]}",
                "{\"tickers\":[1],\"slug\":\"c\",\"topics\":[\"ai\",\"energy\"],\"schema_version\":0}",
                "{\"url\":\"https://news.example/d\",\"summary\":null,\"topics\":[],\"body_md\":"
                        + "\"<a href=\\\"https://robinhood.com/crypto/BTC\\\">Bitcoin</a> https://robinhood.com/stocks/ZZZZ\"}");
        try (OfflineEnricher offline = new OfflineEnricher(EnricherConfig.defaults(), tickers, Clock.systemUTC())) {
            for (String input : inputs) {
                assertThat(check(offline, "k", input.getBytes(StandardCharsets.UTF_8))).as(input).isPositive();
            }
        }
    }

    @Test
    void inputFormattingAndEscapesSurviveByteForByte() throws Exception {
        String input = "  { \"slug\" : \"\\u0061-b\",\n\t\"title\":\"caf\\u00e9 \\/ x\", \"n\": 1.50e0,"
                + " \"topics\": [ \"AI Chips\" ] }  \n";
        try (OfflineEnricher offline = new OfflineEnricher(EnricherConfig.defaults(), tickers, Clock.systemUTC())) {
            assertThat(check(offline, "k", input.getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
        }
    }

    private static ObjectNode withAddedFields(ObjectNode into, JsonNode copy, String theme) {
        into.set("tickers", copy.get("tickers"));
        into.set("unknown_tickers", copy.get("unknown_tickers"));
        into.put("theme", theme);
        into.set("symbols", copy.get("symbols"));
        into.put("enriched_at", copy.get("enriched_at").textValue());
        into.put("schema_version", 1);
        return into;
    }

    private static String written(ObjectNode node) throws Exception {
        return new String(Json.MAPPER.writeValueAsBytes(node), StandardCharsets.UTF_8);
    }

    private static int check(OfflineEnricher offline, String key, byte[] input) throws Exception {
        EnricherConfig config = offline.config();
        ObjectNode raw = (ObjectNode) Json.MAPPER.readTree(input);
        String text = new String(input, StandardCharsets.UTF_8);
        String head = text.substring(text.indexOf('{'), text.lastIndexOf('}'));
        boolean namesAddedField = news.enricher.article.Article.ADDED_FIELDS.stream().anyMatch(raw::has);
        int copies = 0;
        for (OutputRecord out : offline.enrich(key, input)) {
            if (!out.topic().startsWith(config.themeTopicPrefix())) {
                continue;
            }
            JsonNode value = Json.MAPPER.readTree(out.value());
            String theme = out.topic().substring(config.themeTopicPrefix().length());
            String expected;
            if (namesAddedField) {
                // The input as a tree with the added fields set: a same-named input field keeps its position.
                expected = written(withAddedFields(raw.deepCopy(), value, theme));
            } else {
                // The input's own bytes up to its closing brace, then the added fields.
                String added = written(withAddedFields(Json.MAPPER.createObjectNode(), value, theme));
                expected = head + (raw.isEmpty() ? "" : ",") + added.substring(1);
            }
            assertThat(new String(out.value(), StandardCharsets.UTF_8)).isEqualTo(expected);
            copies++;
        }
        return copies;
    }
}
