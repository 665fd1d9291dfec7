package news.enricher.extract;

import java.util.List;
import java.util.Objects;

/**
 * One distinct ticker found in an article.
 *
 * @param symbol     canonical symbol, upper case, class suffix written with a dot ({@code BRK.B})
 * @param assetClass whether the link went to {@code /stocks/} or {@code /crypto/}
 * @param mentions   how many links to this ticker the article holds
 * @param linkTexts  distinct anchor texts of those links, in order of first appearance
 */
public record TickerMention(String symbol, AssetClass assetClass, int mentions, List<String> linkTexts) {

    public TickerMention {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(assetClass, "assetClass");
        // A defensive copy keeps the record immutable whatever list the caller passed in.
        linkTexts = List.copyOf(linkTexts);
    }
}
