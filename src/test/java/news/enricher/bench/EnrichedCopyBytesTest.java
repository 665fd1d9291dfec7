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
 * Pins the bytes of every enriched copy to what serializing the whole copy with the project's mapper gives (input
 * fields in order, then tickers, unknown_tickers, theme, symbols, enriched_at, schema_version), whatever way the
 * processor assembles them, for generated articles and for inputs that already carry an added field.
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

    private static int check(OfflineEnricher offline, String key, byte[] input) throws Exception {
        EnricherConfig config = offline.config();
        ObjectNode raw = (ObjectNode) Json.MAPPER.readTree(input);
        int copies = 0;
        for (OutputRecord out : offline.enrich(key, input)) {
            if (!out.topic().startsWith(config.themeTopicPrefix())) {
                continue;
            }
            JsonNode value = Json.MAPPER.readTree(out.value());
            // The copy as the enricher defines it: the input, then the added fields (replacing same-named ones).
            ObjectNode whole = raw.deepCopy();
            whole.set("tickers", value.get("tickers"));
            whole.set("unknown_tickers", value.get("unknown_tickers"));
            whole.put("theme", out.topic().substring(config.themeTopicPrefix().length()));
            whole.set("symbols", value.get("symbols"));
            whole.put("enriched_at", value.get("enriched_at").textValue());
            whole.put("schema_version", 1);
            assertThat(new String(out.value(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(whole), StandardCharsets.UTF_8));
            copies++;
        }
        return copies;
    }
}
