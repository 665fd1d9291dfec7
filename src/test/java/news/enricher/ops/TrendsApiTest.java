package news.enricher.ops;

import news.enricher.trends.TrendQueries;
import news.enricher.trends.TrendSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrendsApiTest {

    private static final TrendSource EMPTY = (prefix, action) -> { };
    private final TrendsApi api = new TrendsApi(new TrendQueries(EMPTY, 3_600_000), 168);

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource(delimiter = '|', value = {
        "/trends/top          |                                  | parameter 'theme' is required",
        "/trends/top          | theme=AI Chips                   | theme 'AI Chips' is not a theme name",
        "/trends/top          | theme=ai-chips&window=yesterday  | window 'yesterday' is neither 'current' nor",
        "/trends/top          | theme=ai-chips&window=2026-06-23T13:30:00Z | is not the start of a window",
        "/trends/top          | theme=ai-chips&limit=0           | parameter 'limit' must be between 1 and 1000, was 0",
        "/trends/top          | theme=ai-chips&limit=ten         | parameter 'limit' must be a whole number",
        "/trends/top          | theme=ai-chips&history=169       | parameter 'history' must be between 0 and 168",
        "/trends/top          | theme=ai-chips&theme=memory      | parameter 'theme' is given more than once",
        "/trends/top          | theme=ai-chips&lmit=5            | unknown parameter 'lmit'; this endpoint takes theme, window, limit, history",
        "/trends/ticker/M$U   |                                  | 'M$U' is not a ticker symbol",
        "/trends/ticker/MU    | last=0                           | parameter 'last' must be between 1 and 168",
        "/trends/themes       | theme=ai-chips                   | unknown parameter 'theme'; this endpoint takes none",
        "/trends/unknown      | limit=%zz                        | malformed percent-encoding",
    })
    void refusesABadParameterSayingWhatIsWrong(String path, String query, String message) {
        assertThatThrownBy(() -> api.answer(path, query)).isInstanceOf(TrendsApi.BadRequest.class)
                .hasMessageContaining(message);
    }

    @Test
    void answersEveryEndpointWithDefaultsAndNothingForOtherPaths() {
        assertThat(api.answer("/trends/top", "theme=ai-chips")).isInstanceOf(TrendQueries.Top.class);
        assertThat(api.answer("/trends/ticker/brk.b", null)).isInstanceOf(TrendQueries.Ticker.class)
                .extracting("symbol").isEqualTo("BRK.B");
        assertThat(api.answer("/trends/unknown", "limit=5")).isInstanceOf(TrendQueries.Unknowns.class);
        assertThat(api.answer("/trends/themes/", "")).isInstanceOf(TrendQueries.Themes.class);
        assertThat(api.answer("/trends/tops", "theme=ai-chips")).isNull();
    }
}
