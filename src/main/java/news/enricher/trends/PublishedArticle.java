package news.enricher.trends;

import news.enricher.enrich.TickerCount;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A version of an article that was just published on its themed topics: what the trends count of it. */
public record PublishedArticle(String id, Optional<Instant> publishedAt, List<String> themes,
                               List<TickerCount> tickers) {
}
