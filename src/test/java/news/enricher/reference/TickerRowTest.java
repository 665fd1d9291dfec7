package news.enricher.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickerRowTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private static final TickerRow MU = new TickerRow("MU", "Micron Technology Inc. Common Stock", "NASDAQ",
            "Technology", "Semiconductors", "United States", "equity");

    @Test
    void anEquityIsKeyedByItsSymbol() {
        assertThat(MU.referenceKey()).isEqualTo("MU");
        assertThat(new TickerRow("BRK.B", null, null, null, null, null, "equity").referenceKey()).isEqualTo("BRK.B");
    }

    @Test
    void anEtfIsKeyedByItsSymbolLikeAnEquity() {
        assertThat(new TickerRow("SPY", "SPDR S&P 500 ETF Trust", "NYSE Arca", null, "Broad Market ETF",
                "United States", "etf").referenceKey()).isEqualTo("SPY");
    }

    @Test
    void aCryptoAssetIsKeyedWithTheCryptoPrefixSoItNeverCollidesWithAnEquity() {
        TickerRow solana = new TickerRow("SOL", "Solana", null, null, "Cryptocurrency", null, "crypto");
        TickerRow solEquity = new TickerRow("SOL", "Some Equity", "NYSE", null, null, null, "equity");

        assertThat(solana.referenceKey()).isEqualTo("crypto:SOL");
        assertThat(solEquity.referenceKey()).isEqualTo("SOL");
        assertThat(List.of(solana.referenceKey(), solEquity.referenceKey())).doesNotHaveDuplicates();
    }

    @Test
    void referenceKeysBuildsEquityAndCryptoKeysFromCanonicalSymbols() {
        assertThat(ReferenceKeys.equityKey("MU")).isEqualTo("MU");
        assertThat(ReferenceKeys.equityKey("BRK.B")).isEqualTo("BRK.B");
        assertThat(ReferenceKeys.cryptoKey("BTC")).isEqualTo("crypto:BTC");
    }

    @Test
    void referenceKeysRejectsSymbolsThatAreNotCanonical() {
        for (String bad : List.of("", "mu", "BRK/B", "ABR^D", "TOOLONGX", "BRK.ABC", "BRK.1", " MU", "crypto:BTC")) {
            assertThatThrownBy(() -> ReferenceKeys.equityKey(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a canonical symbol");
            assertThatThrownBy(() -> ReferenceKeys.cryptoKey(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a canonical symbol");
        }
        assertThat(ReferenceKeys.isCanonicalSymbol(null)).isFalse();
    }

    @Test
    void emptyStringsBecomeNull() {
        TickerRow row = new TickerRow("BTC", "Bitcoin", "", "", "Cryptocurrency", "", "crypto");

        assertThat(row).isEqualTo(new TickerRow("BTC", "Bitcoin", null, null, "Cryptocurrency", null, "crypto"));
        assertThat(row.exchange()).isNull();
        assertThat(row.sector()).isNull();
        assertThat(row.country()).isNull();
    }

    @Test
    void jsonHasSnakeCaseAssetClassAndExactlyTheSevenFields() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(MU));

        assertThat(json.properties()).extracting(e -> e.getKey() + "=" + e.getValue().asText()).containsExactly(
                "symbol=MU", "name=Micron Technology Inc. Common Stock", "exchange=NASDAQ", "sector=Technology",
                "industry=Semiconductors", "country=United States", "asset_class=equity");
    }

    @Test
    void aRowWithNullsIsWrittenWithExplicitNullsAndReadBackEqual() throws Exception {
        TickerRow bitcoin = new TickerRow("BTC", "Bitcoin", null, null, "Cryptocurrency", null, "crypto");

        String json = mapper.writeValueAsString(bitcoin);

        assertThat(json).isEqualTo("{\"symbol\":\"BTC\",\"name\":\"Bitcoin\",\"exchange\":null,\"sector\":null,"
                + "\"industry\":\"Cryptocurrency\",\"country\":null,\"asset_class\":\"crypto\"}");
        assertThat(mapper.readValue(json, TickerRow.class)).isEqualTo(bitcoin);
    }

    @Test
    void aFullRowRoundTripsThroughJson() throws Exception {
        assertThat(mapper.readValue(mapper.writeValueAsString(MU), TickerRow.class)).isEqualTo(MU);
    }

    @Test
    void readingJsonTakesAssetClassFromTheSnakeCaseFieldAndIgnoresUnknownAndMissingFields() throws Exception {
        TickerRow row = mapper.readValue(
                "{\"symbol\":\"SOL\",\"name\":\"Solana\",\"sector\":\"\",\"asset_class\":\"crypto\",\"extra\":1}",
                TickerRow.class);

        assertThat(row).isEqualTo(new TickerRow("SOL", "Solana", null, null, null, null, "crypto"));
        assertThat(row.referenceKey()).isEqualTo("crypto:SOL");
    }
}
