package news.enricher.reference;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceIndexTest {

    private static final TickerRow SOL_EQUITY = new TickerRow("SOL", "Emeren Group Ltd", "NYSE", "", "Solar",
            "United States", TickerRow.EQUITY);
    private static final TickerRow SOL_CRYPTO = new TickerRow("SOL", "Solana", null, null, null, null,
            TickerRow.CRYPTO);

    @Test
    void keepsCryptoAndEquityOfTheSameSymbolApartAndRendersEmptyValuesAsNull() {
        ReferenceIndex index = new ReferenceIndex();
        index.put(SOL_EQUITY.referenceKey(), SOL_EQUITY);
        index.put(SOL_CRYPTO.referenceKey(), SOL_CRYPTO);

        assertThat(text(index.rendered(false, "SOL"))).isEqualTo("\"name\":\"Emeren Group Ltd\",\"exchange\":\"NYSE\","
                + "\"sector\":null,\"industry\":\"Solar\",\"country\":\"United States\"");
        assertThat(text(index.rendered(true, "SOL"))).isEqualTo("\"name\":\"Solana\",\"exchange\":null,"
                + "\"sector\":null,\"industry\":null,\"country\":null");
        assertThat(index.rendered(true, "MU")).isNull();
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void replacesARowWholeAndForgetsARemovedOne() {
        ReferenceIndex index = new ReferenceIndex();
        index.put("SOL", SOL_EQUITY);
        index.put("SOL", new TickerRow("SOL", "Renamed", "NYSE", "Energy", "Solar", "Ireland", TickerRow.EQUITY));

        assertThat(text(index.rendered(false, "SOL"))).isEqualTo("\"name\":\"Renamed\",\"exchange\":\"NYSE\","
                + "\"sector\":\"Energy\",\"industry\":\"Solar\",\"country\":\"Ireland\"");

        index.remove("SOL");

        assertThat(index.rendered(false, "SOL")).isNull();
        assertThat(index.size()).isZero();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
