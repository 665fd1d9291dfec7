package news.enricher.reference;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One row of the reference table, as stored (JSON) in the compacted topic reference.tickers. Empty strings → null.
 *
 * <p>On the wire: {@code {"symbol":"MU","name":"Micron Technology Inc. Common Stock","exchange":"NASDAQ",
 * "sector":"Technology","industry":"Semiconductors","country":"United States","asset_class":"equity"}}; unknown
 * fields are ignored when reading, absent values are written as {@code null}.
 *
 * @param symbol     canonical symbol ({@code MU}, {@code BRK.B}, {@code BTC})
 * @param assetClass {@link #EQUITY}, {@link #ETF} or {@link #CRYPTO}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"symbol", "name", "exchange", "sector", "industry", "country", "asset_class"})
public record TickerRow(
        @JsonProperty("symbol") String symbol,
        @JsonProperty("name") String name,
        @JsonProperty("exchange") String exchange,
        @JsonProperty("sector") String sector,
        @JsonProperty("industry") String industry,
        @JsonProperty("country") String country,
        @JsonProperty("asset_class") String assetClass) {

    public static final String EQUITY = "equity";
    public static final String ETF = "etf";
    public static final String CRYPTO = "crypto";

    public TickerRow {
        symbol = emptyToNull(symbol);
        name = emptyToNull(name);
        exchange = emptyToNull(exchange);
        sector = emptyToNull(sector);
        industry = emptyToNull(industry);
        country = emptyToNull(country);
        assetClass = emptyToNull(assetClass);
    }

    /**
     * The key of this row in reference.tickers: the canonical symbol for equities and ETFs, "crypto:" + symbol for crypto.
     *
     * @throws IllegalArgumentException if the symbol is not canonical
     */
    @JsonIgnore
    public String referenceKey() {
        return CRYPTO.equals(assetClass) ? ReferenceKeys.cryptoKey(symbol) : ReferenceKeys.equityKey(symbol);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
