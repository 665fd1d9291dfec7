package news.enricher.bench;

import news.enricher.article.Article;
import news.enricher.config.EnricherConfig;
import news.enricher.enrich.ArticleEnricher;
import news.enricher.enrich.Enrichment;
import news.enricher.enrich.TickerCount;
import news.enricher.reference.ReferenceIndex;
import news.enricher.reference.TickerRow;
import news.enricher.trends.TrendWindows;

import java.util.Arrays;
import java.util.List;

/**
 * The distinct (theme, ticker, window) keys among a run's articles: each must be published on the trends topic at
 * least once, so no combining, however good, writes fewer trend records than this. It tells how much of a trends
 * leg's cost the articles themselves impose.
 *
 * <p>Every article that reads and enriches is counted, stale versions too (a few %), so this errs on the high side by
 * those; an article without a usable {@code published_at} is counted in the window of {@code fallbackTimeMs}, as the
 * topology would count it at about the time it is sent.
 */
final class TrendKeyFloor {

    private final ArticleEnricher enricher;
    private final TrendWindows windows;
    private final long fallbackTimeMs;
    private long[] hashes = new long[1 << 16];
    private int size;
    private long articles;

    TrendKeyFloor(EnricherConfig config, List<TickerRow> tickers, long fallbackTimeMs) {
        ReferenceIndex reference = new ReferenceIndex();
        for (TickerRow row : tickers) {
            reference.put(row.referenceKey(), row);
        }
        this.enricher = new ArticleEnricher(config, reference);
        this.windows = TrendWindows.of(config);
        this.fallbackTimeMs = fallbackTimeMs;
    }

    void add(byte[] value) {
        Enrichment enrichment;
        Article article;
        try {
            article = enricher.read(value);
            enrichment = enricher.enrich(article, "");
        } catch (RuntimeException deadLettered) {
            return;
        }
        articles++;
        long window = windows.startOf(windows.eventTime(article.publishedAt(), fallbackTimeMs));
        for (String theme : enrichment.themes()) {
            for (TickerCount ticker : enrichment.counts()) {
                if (size == hashes.length) {
                    hashes = Arrays.copyOf(hashes, size * 2);
                }
                hashes[size++] = hash(theme, ticker.symbol(), window);
            }
        }
    }

    /** Articles that would be counted. */
    long articles() {
        return articles;
    }

    /** Distinct keys so far (64-bit hashes of them: a collision among a few million is about 1 in 10^6 runs). */
    long distinctKeys() {
        long[] sorted = Arrays.copyOf(hashes, size);
        Arrays.sort(sorted);
        long distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }

    /** FNV-1a over the key's characters, then a final mix: theme and symbol cannot hold the separator. */
    static long hash(String theme, String symbol, long window) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, theme);
        h = (h ^ '|') * 0x100000001b3L;
        h = mix(h, symbol);
        h = (h ^ window) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}
