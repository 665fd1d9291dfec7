package news.enricher.cli;

import news.enricher.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrendsTableTest {

    @Test
    void printsTheTopAsATableWithSparklinesAndMarksUnknownTickers() throws Exception {
        String top = """
                {"theme":"ai-chips","window_start":"2026-06-23T13:00:00Z","window_end":"2026-06-23T14:00:00Z",
                 "tickers":[{"symbol":"NVDA","known":true,"articles":3,"mentions":7,"history":[0,1,3]},
                            {"symbol":"ZZZQ","known":false,"articles":1,"mentions":1,"history":[1,0,1]}]}""";

        assertThat(TrendsTable.render(Json.MAPPER.readTree(top))).isEqualTo(String.join("\n",
                "ai-chips · 2026-06-23T13:00:00Z to 2026-06-23T14:00:00Z",
                "  #  SYMBOL     ARTICLES  MENTIONS  LAST 24 WINDOWS",
                "  1  NVDA              3         7   ▃█",
                "  2  ZZZQ?             1         1  █ █",
                "  ? not in the reference table", ""));
    }

    @Test
    void saysSoWhenThereAreNoCountsYet() throws Exception {
        assertThat(TrendsTable.render(Json.MAPPER.readTree("{\"theme\":\"ai-chips\",\"tickers\":[]}")))
                .isEqualTo("ai-chips: no counts yet\n");
    }
}
