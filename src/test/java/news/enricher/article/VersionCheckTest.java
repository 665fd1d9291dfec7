package news.enricher.article;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static news.enricher.article.VersionCheck.Verdict.CORRECTION;
import static news.enricher.article.VersionCheck.Verdict.NEW;
import static news.enricher.article.VersionCheck.Verdict.RECRAWL;
import static news.enricher.article.VersionCheck.Verdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;

class VersionCheckTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final String T1 = "2026-06-24T00:00:00Z";
    private static final String T2 = "2026-06-25T00:00:00Z";

    @Test
    void publishesAnArticleSeenForTheFirstTime() {
        assertThat(VersionCheck.decide(null, timed(T1, 0), WEEK)).isEqualTo(NEW);
    }

    @Test
    void dropsTheSameUpdatedAtAsAnExactRecrawl() {
        assertThat(VersionCheck.decide(timed(T1, 0), timed(T1, 10), WEEK)).isEqualTo(RECRAWL);
    }

    @Test
    void publishesANewerUpdatedAtAsACorrection() {
        assertThat(VersionCheck.decide(timed(T1, 0), timed(T2, 10), WEEK)).isEqualTo(CORRECTION);
    }

    @Test
    void dropsAnOlderUpdatedAtAsStale() {
        assertThat(VersionCheck.decide(timed(T2, 0), timed(T1, 10), WEEK)).isEqualTo(STALE);
    }

    @Test
    void comparesContentHashesWithoutUpdatedAt() {
        assertThat(VersionCheck.decide(hashed("h1", 0), hashed("h1", 10), WEEK)).isEqualTo(RECRAWL);
        assertThat(VersionCheck.decide(hashed("h1", 0), hashed("h2", 10), WEEK)).isEqualTo(CORRECTION);
        assertThat(VersionCheck.decide(timed(T1, 0), hashed("h2", 10), WEEK)).isEqualTo(CORRECTION);
    }

    @Test
    void forgetsVersionsOlderThanTheRetention() {
        long eightDays = Duration.ofDays(8).toMillis();

        assertThat(VersionCheck.decide(timed(T1, 0), timed(T1, eightDays), WEEK)).isEqualTo(NEW);
    }

    @Test
    void remembersTheNewestTimestampEvenAfterAnUntimedCorrection() {
        ArticleVersion remembered = VersionCheck.remember(timed(T2, 0), hashed("h3", 10));

        assertThat(remembered).isEqualTo(new ArticleVersion(T2, "h3", 10));
        assertThat(VersionCheck.decide(remembered, timed(T1, 20), WEEK)).isEqualTo(STALE);
    }

    @Test
    void hashesContentOnlyWhenThereIsNoTimestamp() {
        Article timedArticle = Article.from(ArticleTest.json(
                "{\"slug\":\"s\",\"title\":\"T\",\"updated_at\":\"" + T1 + "\"}"));
        Article untimed = Article.from(ArticleTest.json("{\"slug\":\"s\",\"title\":\"T\"}"));
        Article otherTitle = Article.from(ArticleTest.json("{\"slug\":\"s\",\"title\":\"U\"}"));

        assertThat(ArticleVersion.of(timedArticle, 5)).isEqualTo(new ArticleVersion(T1, null, 5));
        assertThat(ArticleVersion.of(untimed, 5).contentHash())
                .isNotBlank()
                .isEqualTo(ArticleVersion.of(untimed, 9).contentHash())
                .isNotEqualTo(ArticleVersion.of(otherTitle, 5).contentHash());
    }

    private static ArticleVersion timed(String at, long seenAt) {
        return new ArticleVersion(at, null, seenAt);
    }

    private static ArticleVersion hashed(String hash, long seenAt) {
        return new ArticleVersion(null, hash, seenAt);
    }
}
