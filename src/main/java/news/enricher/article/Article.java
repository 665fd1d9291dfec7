package news.enricher.article;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a raw article the enricher relies on, validated, read by {@link ArticleReader}. The input itself
 * stays available as {@link #raw()} so that every field, the ones the enricher does not know included, passes
 * through as it came.
 *
 * <p>A JSON {@code null} counts as an absent field: crawlers write {@code "summary": null} for "no summary".
 */
public record Article(String id, String title, String summary, String bodyMd, List<String> topics,
                      Optional<Instant> updatedAt, Optional<Instant> publishedAt, RawObject raw) {

    /** The fields the enricher adds to every copy, in the order it adds them. */
    public static final List<String> ADDED_FIELDS =
            List.of("tickers", "unknown_tickers", "theme", "symbols", "enriched_at", "schema_version");

    /** Reads and validates an article from its JSON bytes, with no size limit; see {@link ArticleReader}. */
    public static Article parse(byte[] json) {
        return ArticleReader.UNLIMITED.read(json);
    }
}
