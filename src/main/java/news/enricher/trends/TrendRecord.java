package news.enricher.trends;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;

/** The value of a record on the trends topic, as published and as the HTTP API reads it back. */
@JsonPropertyOrder({"theme", "symbol", "asset_class", "known", "window_start", "window_end", "articles", "mentions",
        "last_article_id", "updated_at"})
public record TrendRecord(@JsonProperty("theme") String theme,
                          @JsonProperty("symbol") String symbol,
                          @JsonProperty("asset_class") String assetClass,
                          @JsonProperty("known") boolean known,
                          @JsonProperty("window_start") String windowStart,
                          @JsonProperty("window_end") String windowEnd,
                          @JsonProperty("articles") long articles,
                          @JsonProperty("mentions") long mentions,
                          @JsonProperty("last_article_id") String lastArticleId,
                          @JsonProperty("updated_at") String updatedAt) {

    /** The record of {@code total}, or null (a tombstone) once no article is counted for it any more. */
    public static TrendRecord of(TrendKey key, long windowSizeMs, TrendTotal total) {
        if (total == null || total.articles() <= 0) {
            return null;
        }
        return new TrendRecord(key.theme(), key.symbol(),
                total.assetClass() == null ? null : total.assetClass().wireName(), total.known(),
                Instant.ofEpochMilli(key.windowStartMs()).toString(),
                Instant.ofEpochMilli(key.windowStartMs() + windowSizeMs).toString(),
                total.articles(), total.mentions(), total.lastArticleId(),
                Instant.ofEpochMilli(total.updatedAtMs()).toString());
    }

    public String key() {
        return theme + '|' + symbol + '|' + windowStart;
    }
}
