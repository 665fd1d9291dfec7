package news.enricher.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.article.InvalidArticleException;
import news.enricher.config.EnricherConfig;
import news.enricher.extract.TickerExtractor;
import news.enricher.json.Json;
import news.enricher.reference.ReferenceIndex;
import news.enricher.reference.TickerRow;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Kafka-free core: bytes in, copies and sightings out. */
class ArticleEnricherTest {

    private static final String AT = "2026-12-03T08:00:00Z";
    private static final TickerRow MICRON = new TickerRow("MU", "Micron Technology Inc. Common Stock", "NASDAQ",
            "Technology", "Semiconductors", "United States", TickerRow.EQUITY);
    private static final TickerRow BITCOIN = new TickerRow("BTC", "Bitcoin", "", "", "", "", TickerRow.CRYPTO);

    private final EnricherConfig config = EnricherConfig.defaults();
    private final ReferenceIndex reference = new ReferenceIndex();
    private final ArticleEnricher enricher = new ArticleEnricher(config, reference);

    ArticleEnricherTest() {
        reference.put(MICRON.referenceKey(), MICRON);
        reference.put(BITCOIN.referenceKey(), BITCOIN);
    }

    @Test
    void appendsTheAddedFieldsToTheInputsOwnBytesOncePerTheme() {
        String input = "{\"slug\":\"s\", \"title\":\"[Micron](https://robinhood.com/stocks/MU) \\u00e9\","
                + "\"topics\":[\"AI Chips\",\"Energy\"]}";

        Enrichment out = enricher.enrich(bytes(input), AT);

        String tickers = "\"tickers\":[{\"symbol\":\"MU\",\"asset_class\":\"equity\","
                + "\"name\":\"Micron Technology Inc. Common Stock\",\"exchange\":\"NASDAQ\",\"sector\":\"Technology\","
                + "\"industry\":\"Semiconductors\",\"country\":\"United States\",\"mentions\":1,"
                + "\"link_texts\":[\"Micron\"]}],\"unknown_tickers\":[]";
        String tail = "\"symbols\":[\"MU\"],\"enriched_at\":\"" + AT + "\",\"schema_version\":1}";
        String head = input.substring(0, input.length() - 1);
        assertThat(out.themes()).containsExactly("ai-chips", "energy");
        assertThat(out.copies()).extracting(Output::topic)
                .containsExactly(config.themeTopic("ai-chips"), config.themeTopic("energy"));
        assertThat(out.copies()).extracting(Output::key).containsOnly("s");
        assertThat(text(out.copies().get(0))).isEqualTo(head + "," + tickers + ",\"theme\":\"ai-chips\"," + tail);
        assertThat(text(out.copies().get(1))).isEqualTo(head + "," + tickers + ",\"theme\":\"energy\"," + tail);
        assertThat(out.sightings()).isEmpty();
    }

    @Test
    void keysCryptoApartRendersEmptyReferenceValuesAsNullAndReportsUnknownTickers() throws Exception {
        String input = "{\"url\":\"https://n.example/1\",\"body_md\":\"https://robinhood.com/crypto/BTC "
                + "[zed](https://robinhood.com/stocks/ZZZZ) https://robinhood.com/stocks/BTC\"}";

        Enrichment out = enricher.enrich(bytes(input), AT);

        assertThat(out.copies()).hasSize(1);
        JsonNode copy = Json.MAPPER.readTree(out.copies().get(0).value());
        assertThat(copy.get("theme").textValue()).isEqualTo(config.fallbackTheme());
        assertThat(copy.get("tickers")).hasSize(1);
        assertThat(copy.get("tickers").get(0).get("symbol").textValue()).isEqualTo("BTC");
        assertThat(copy.get("tickers").get(0).get("exchange").isNull()).isTrue();
        assertThat(copy.get("unknown_tickers").toString()).isEqualTo(
                "[{\"symbol\":\"ZZZZ\",\"asset_class\":\"equity\",\"mentions\":1,\"link_texts\":[\"zed\"]},"
                        + "{\"symbol\":\"BTC\",\"asset_class\":\"equity\",\"mentions\":1,\"link_texts\":[]}]");
        assertThat(copy.get("symbols").toString()).isEqualTo("[\"BTC\",\"ZZZZ\",\"BTC\"]");
        assertThat(out.sightings()).extracting(Output::topic).containsOnly(config.unknownTickersTopic());
        assertThat(out.sightings()).extracting(Output::key).containsExactly("ZZZZ", "BTC");
        assertThat(text(out.sightings().get(0))).isEqualTo("{\"symbol\":\"ZZZZ\",\"asset_class\":\"equity\","
                + "\"mentions\":1,\"link_texts\":[\"zed\"],\"article_id\":\"https://n.example/1\",\"seen_at\":\"" + AT
                + "\"}");
    }

    @Test
    void replacesAnInputFieldNamedLikeAnAddedOneInItsPlace() throws Exception {
        String input = "{\"theme\":\"mine\",\"slug\":\"s\",\"schema_version\":0,\"topics\":[\"ai\"],\"n\":1.50}";

        Enrichment out = enricher.enrich(bytes(input), AT);

        assertThat(out.copies()).hasSize(1);
        assertThat(text(out.copies().get(0))).isEqualTo("{\"theme\":\"ai\",\"slug\":\"s\",\"schema_version\":1,"
                + "\"topics\":[\"ai\"],\"n\":1.5,\"tickers\":[],\"unknown_tickers\":[],\"symbols\":[],"
                + "\"enriched_at\":\"" + AT + "\"}");
        assertThat(out.sightings()).isEmpty();
    }

    @Test
    void refusesACopyOverTheThemedTopicsLimit() {
        // 20 KiB for the copy once the room for the record's key and headers is kept.
        EnricherConfig small = config.with(EnricherConfig.TOPIC_MAX_MESSAGE_BYTES, String.valueOf(84 * 1024));
        ArticleEnricher enricher = new ArticleEnricher(small, reference);
        String fits = "x".repeat(20 * 1024 - 200);
        String tooLong = "x".repeat(20 * 1024);

        assertThat(enricher.enrich(bytes("{\"slug\":\"s\",\"body_md\":\"" + fits + "\"}"), AT).copies()).hasSize(1);
        assertThatThrownBy(() -> enricher.enrich(bytes("{\"slug\":\"s\",\"body_md\":\"" + tooLong + "\"}"), AT))
                .isInstanceOf(InvalidArticleException.class).hasMessageContaining("over the");
    }

    @Test
    void refusesInputThatIsNoArticleWithItsReason() {
        assertThatThrownBy(() -> enricher.enrich(bytes("{\"slug\":\"s\""), AT))
                .isInstanceOf(SerializationException.class).hasMessageStartingWith("Not a valid JSON object");
        assertThatThrownBy(() -> enricher.enrich(bytes("{\"slug\":\"s\",\"topics\":\"ai\"}"), AT))
                .isInstanceOf(InvalidArticleException.class)
                .hasMessage("Field 'topics' must be an array but is string");
    }

    @Test
    void writesLinkTextsWithControlCharactersAndLoneSurrogatesAsValidJson() throws Exception {
        String input = "{\"slug\":\"s\",\"body_md\":\"[a\\\"b\\\\c\\u0001\\ud800](https://robinhood.com/stocks/MU)\"}";

        Enrichment out = enricher.enrich(bytes(input), AT);

        String expected = new TickerExtractor().extract(null, null, "[a\"b\\c\u0001\ud800](https://robinhood.com/stocks/MU)")
                .get(0).linkTexts().get(0);
        assertThat(expected).contains("\u0001").contains("\ud800");
        JsonNode copy = Json.MAPPER.readTree(out.copies().get(0).value());
        assertThat(copy.get("tickers").get(0).get("link_texts").get(0).textValue()).isEqualTo(expected);
        assertThat(text(out.copies().get(0))).contains("\\u0001").contains("\\uD800");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Output output) {
        return new String(output.value(), StandardCharsets.UTF_8);
    }
}
