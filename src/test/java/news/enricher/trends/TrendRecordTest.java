package news.enricher.trends;

import news.enricher.json.Json;
import news.enricher.json.JsonSerde;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TrendRecordTest {

    private static final JsonSerde<TrendRecord> JACKSON = JsonSerde.of(TrendRecord.class);

    @Test
    void writesTheSameBytesAsJacksonForAPlainRecord() {
        TrendRecord record = new TrendRecord("ai-chips", "MU", "equity", true, "2026-06-23T13:00:00Z",
                "2026-06-23T14:00:00Z", 12, 31, "micron-beats-estimates", "2026-06-23T13:41:07.250Z");

        assertThat(new String(record.toJson(), StandardCharsets.UTF_8))
                .isEqualTo(new String(JACKSON.serialize(null, record), StandardCharsets.UTF_8));
    }

    @Test
    void writesNullsEscapesAndNonAsciiAsValidJsonThatReadsBackTheSame() throws Exception {
        TrendRecord record = new TrendRecord("ai-policy", "BRK.B", null, false, "2026-06-23T13:00:00Z",
                "2026-06-23T14:00:00Z", 1, 2, "\"quoted\"\\ \u00e9t\u00e9 \ud83d\ude80 \n\t\u0001", "2026-06-23T13:41:07Z");

        byte[] json = record.toJson();

        assertThat(JACKSON.deserialize(null, json)).isEqualTo(record);
        assertThat(Json.MAPPER.readTree(json)).isEqualTo(Json.MAPPER.readTree(JACKSON.serialize(null, record)));
        assertThat(Json.MAPPER.readTree(json).get("asset_class").isNull()).isTrue();
    }

    @Test
    void keepsTheFieldOrderOfTheSchema() throws Exception {
        TrendRecord record = new TrendRecord("t", "S", "crypto", true, "a", "b", 1, 1, null, "c");

        assertThat(Json.MAPPER.readTree(record.toJson()).fieldNames()).toIterable().containsExactly("theme", "symbol",
                "asset_class", "known", "window_start", "window_end", "articles", "mentions", "last_article_id",
                "updated_at");
    }
}
