package news.enricher.trends;

import news.enricher.enrich.TickerCount;
import news.enricher.extract.AssetClass;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrendSerdesTest {

    @Test
    void sharesComeBackAsTheyWentIncludingNullsAndLongIds() {
        String longId = "x".repeat(70_000);
        TrendShares shares = new TrendShares(List.of(
                new TrendShares.Keyed("ai-chips|MU|2026-06-23T13:00:00Z",
                        new TaskPartial(3, 2, 5, AssetClass.EQUITY, true, longId, 1_782_219_600_000L, 42)),
                new TrendShares.Keyed("crypto|BTC|2026-06-23T13:00:00Z", TaskPartial.empty(0))));

        byte[] bytes = TrendSerdes.shares().serializer().serialize("t", shares);

        assertThat(TrendSerdes.shares().deserializer().deserialize("t", bytes)).isEqualTo(shares);
        assertThat(TrendSerdes.shares().serializer().serialize("t", null)).isNull();
    }

    @Test
    void totalsComeBackAsTheyWent() {
        Map<Integer, long[]> byTask = new TreeMap<>(Map.of(0, new long[] {1, 2}, 5, new long[] {3, 4}));
        TrendTotal total = new TrendTotal(byTask, AssetClass.CRYPTO, false, "a1", 7, 8);

        TrendTotal back = TrendSerdes.totals().deserializer().deserialize("t",
                TrendSerdes.totals().serializer().serialize("t", total));

        assertThat(back.shares()).containsOnlyKeys(0, 5);
        assertThat(back.shares().get(5)).containsExactly(3, 4);
        assertThat(back).extracting(TrendTotal::assetClass, TrendTotal::known, TrendTotal::lastArticleId,
                TrendTotal::lastArticleMs, TrendTotal::updatedAtMs).containsExactly(AssetClass.CRYPTO, false, "a1",
                7L, 8L);
        assertThat(back.articles()).isEqualTo(4);
    }

    @Test
    void contributionsComeBackAsTheyWent() {
        Contribution contribution = new Contribution(1_782_219_600_000L, 1_782_219_641_250L, List.of("ai-chips",
                "\u00e9nergie"), List.of(new TickerCount("MU", AssetClass.EQUITY, true, 3),
                new TickerCount("NOPE", AssetClass.CRYPTO, false, 1)));
        Contribution none = new Contribution(0, -5, List.of(), List.of());

        for (Contribution c : List.of(contribution, none)) {
            assertThat(TrendSerdes.contributions().deserializer().deserialize("t",
                    TrendSerdes.contributions().serializer().serialize("t", c))).isEqualTo(c);
        }
    }

    @Test
    void refusesAnUnknownFormat() {
        assertThatThrownBy(() -> TrendSerdes.totals().deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format 9");
    }
}
