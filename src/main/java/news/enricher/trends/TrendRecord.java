package news.enricher.trends;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import news.enricher.json.JsonBytes;
import news.enricher.time.IsoInstants;

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
                IsoInstants.format(key.windowStartMs()), IsoInstants.format(key.windowStartMs() + windowSizeMs),
                total.articles(), total.mentions(), total.lastArticleId(), IsoInstants.format(total.updatedAtMs()));
    }

    /**
     * The published JSON, in the order of the annotations above, written directly: Jackson's bean serializer cost
     * more than the count it carries, once per changed count.
     */
    public byte[] toJson() {
        return new JsonBytes(256)
                .ascii("{\"theme\":").string(theme)
                .ascii(",\"symbol\":").string(symbol)
                .ascii(",\"asset_class\":").string(assetClass)
                .ascii(",\"known\":").ascii(known ? "true" : "false")
                .ascii(",\"window_start\":").string(windowStart)
                .ascii(",\"window_end\":").string(windowEnd)
                .ascii(",\"articles\":").number(articles)
                .ascii(",\"mentions\":").number(mentions)
                .ascii(",\"last_article_id\":").string(lastArticleId)
                .ascii(",\"updated_at\":").string(updatedAt)
                .raw((byte) '}')
                .toByteArray();
    }

    public String key() {
        return theme + '|' + symbol + '|' + windowStart;
    }
}
