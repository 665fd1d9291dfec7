package news.enricher.enrich;

import news.enricher.extract.AssetClass;

/**
 * One ticker of a published article, as the trends count it.
 *
 * @param known    whether the reference table had the ticker when the article was enriched
 * @param mentions how many links to it the article holds
 */
public record TickerCount(String symbol, AssetClass assetClass, boolean known, int mentions) {
}
