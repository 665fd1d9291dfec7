package news.enricher.article;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Decides whether a (re-)crawled article is published, from what was last seen for the same article id. */
public final class VersionCheck {

    public enum Verdict {
        /** Never seen, or last seen longer ago than the retention. */
        NEW(true),
        /**
         * The very input record the stored version was remembered from, read again: under at-least-once the
         * version can be stored (changelogged) while the copies were not written before a crash, so the replay
         * publishes again, possibly as duplicates, rather than lose them.
         */
        REPLAY(true),
        /** A newer {@code updated_at}, or different content when there is no timestamp to compare. */
        CORRECTION(true),
        /** The same version again: same {@code updated_at}, or same content hash without timestamps. */
        RECRAWL(false),
        /** An older {@code updated_at} than the newest already published. */
        STALE(false);

        private final boolean publish;

        Verdict(boolean publish) {
            this.publish = publish;
        }

        public boolean publish() {
            return publish;
        }
    }

    private VersionCheck() {
    }

    public static Verdict decide(ArticleVersion seen, ArticleVersion incoming, Duration retention) {
        if (seen == null || incoming.seenAtMs() - seen.seenAtMs() > retention.toMillis()) {
            return Verdict.NEW;
        }
        if (seen.source() != null && seen.source().equals(incoming.source())) {
            return Verdict.REPLAY;
        }
        Optional<Instant> before = seen.updatedAt();
        Optional<Instant> now = incoming.updatedAt();
        if (before.isPresent() && now.isPresent()) {
            int cmp = now.get().compareTo(before.get());
            return cmp > 0 ? Verdict.CORRECTION : cmp == 0 ? Verdict.RECRAWL : Verdict.STALE;
        }
        // Without two timestamps only equal content proves a re-crawl; an unknown hash publishes rather than risk a loss.
        return incoming.contentHash() != null && incoming.contentHash().equals(seen.contentHash())
                ? Verdict.RECRAWL : Verdict.CORRECTION;
    }

    /** What is remembered after a published version: the newest timestamp ever seen wins. */
    public static ArticleVersion remember(ArticleVersion seen, ArticleVersion published) {
        if (seen == null || published.updatedAt().isPresent() || seen.updatedAt().isEmpty()) {
            return published;
        }
        return new ArticleVersion(seen.updatedAtIso(), published.contentHash(), published.seenAtMs(),
                published.source());
    }
}
