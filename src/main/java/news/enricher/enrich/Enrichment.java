package news.enricher.enrich;

import java.util.List;

/**
 * What one published article becomes.
 *
 * @param themes    the themes of the copies, in the order of {@code copies}
 * @param copies    one enriched copy per theme, keyed by the article id
 * @param sightings one record per unknown ticker, keyed by its symbol
 * @param counts    every ticker of the article, known or not, in order of first mention: what the trends count
 */
public record Enrichment(List<String> themes, List<Output> copies, List<Output> sightings, List<TickerCount> counts) {
}
