package news.enricher.article;

import news.enricher.config.EnricherConfig;
import news.enricher.json.JsonSerde;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static news.enricher.article.VersionCheck.Verdict.CORRECTION;
import static news.enricher.article.VersionCheck.Verdict.NEW;
import static news.enricher.article.VersionCheck.Verdict.RECRAWL;
import static news.enricher.article.VersionCheck.Verdict.REPLAY;
import static news.enricher.article.VersionCheck.Verdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;

class VersionCheckTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final String T1 = "2026-06-24T00:00:00Z";
    private static final String T2 = "2026-06-25T00:00:00Z";
    private static final String RAW = EnricherConfig.defaults().rawTopic();

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

        assertThat(remembered).isEqualTo(new ArticleVersion(T2, "h3", 10, null));
        assertThat(VersionCheck.decide(remembered, timed(T1, 20), WEEK)).isEqualTo(STALE);
    }

    @Test
    void hashesContentOnlyWhenThereIsNoTimestamp() {
        Article timedArticle = Article.parse(ArticleTest.json(
                "{\"slug\":\"s\",\"title\":\"T\",\"updated_at\":\"" + T1 + "\"}"));
        Article untimed = Article.parse(ArticleTest.json("{\"slug\":\"s\",\"title\":\"T\"}"));
        Article otherTitle = Article.parse(ArticleTest.json("{\"slug\":\"s\",\"title\":\"U\"}"));

        assertThat(ArticleVersion.of(timedArticle, 5, null)).isEqualTo(new ArticleVersion(T1, null, 5, null));
        assertThat(ArticleVersion.of(untimed, 5, null).contentHash())
                .isNotBlank()
                .isEqualTo(ArticleVersion.of(untimed, 9, null).contentHash())
                .isNotEqualTo(ArticleVersion.of(otherTitle, 5, null).contentHash());
    }

    @Test
    void publishesAgainAReplayOfTheRecordTheVersionWasRememberedFrom() {
        assertThat(VersionCheck.decide(timed(T1, 0, at(0, 5)), timed(T1, 10, at(0, 5)), WEEK)).isEqualTo(REPLAY);
        assertThat(VersionCheck.decide(hashed("h1", 0, at(0, 5)), hashed("h1", 10, at(0, 5)), WEEK))
                .isEqualTo(REPLAY);
        assertThat(REPLAY.publish()).isTrue();
    }

    @Test
    void stillDropsTheSameVersionFromAnotherOffsetAsARecrawl() {
        assertThat(VersionCheck.decide(timed(T1, 0, at(0, 5)), timed(T1, 10, at(0, 6)), WEEK)).isEqualTo(RECRAWL);
        assertThat(VersionCheck.decide(hashed("h1", 0, at(0, 5)), hashed("h1", 10, at(0, 6)), WEEK))
                .isEqualTo(RECRAWL);
    }

    @Test
    void stillDropsTheSameVersionFromAnotherPartitionOrTopicAsARecrawl() {
        ArticleVersion.Source otherTopic = new ArticleVersion.Source(RAW + "-other", 0, 5);

        assertThat(VersionCheck.decide(timed(T1, 0, at(0, 5)), timed(T1, 10, at(1, 5)), WEEK)).isEqualTo(RECRAWL);
        assertThat(VersionCheck.decide(timed(T1, 0, at(0, 5)), timed(T1, 10, otherTopic), WEEK)).isEqualTo(RECRAWL);
    }

    @Test
    void judgesAVersionStoredWithoutAPositionAsBefore() {
        assertThat(VersionCheck.decide(timed(T1, 0), timed(T1, 10, at(0, 5)), WEEK)).isEqualTo(RECRAWL);
        assertThat(VersionCheck.decide(timed(T2, 0), timed(T1, 10, at(0, 5)), WEEK)).isEqualTo(STALE);
        assertThat(VersionCheck.decide(hashed("h1", 0), hashed("h2", 10, at(0, 5)), WEEK)).isEqualTo(CORRECTION);
    }

    @Test
    void remembersThePositionOfThePublishedRecordAlongWithTheNewestTimestamp() {
        ArticleVersion remembered = VersionCheck.remember(timed(T2, 0, at(0, 5)), hashed("h3", 10, at(0, 7)));

        assertThat(remembered).isEqualTo(new ArticleVersion(T2, "h3", 10, at(0, 7)));
        assertThat(VersionCheck.decide(remembered, hashed("h3", 20, at(0, 7)), WEEK)).isEqualTo(REPLAY);
        assertThat(VersionCheck.decide(remembered, hashed("h3", 20, at(0, 8)), WEEK)).isEqualTo(RECRAWL);
    }

    @Test
    void keepsEveryFactThroughTheCompactStoreSerde() {
        ArticleVersionSerde serde = new ArticleVersionSerde();
        ArticleVersion timed = timed(T1, 3, at(2, 41));
        ArticleVersion hashed = hashed("00112233445566778899aabbccddeeff", 1_790_000_000_000L, at(5, 1L << 40));
        ArticleVersion bare = hashed("ffeeddccbbaa99887766554433221100", 0);

        for (ArticleVersion version : List.of(timed, hashed, bare)) {
            byte[] bytes = serde.serialize(RAW, version);
            assertThat(bytes[0]).as("format byte").isEqualTo(ArticleVersionSerde.FORMAT);
            assertThat(serde.deserialize(RAW, bytes)).isEqualTo(version);
        }
        // The form written by the JSON serde, for scale: the compact one is a third of it.
        assertThat(serde.serialize(RAW, timed)).hasSizeLessThan(
                JsonSerde.of(ArticleVersion.class).serialize(RAW, timed).length / 2);
    }

    @Test
    void readsAVersionTheJsonSerdeWroteSoAnExistingChangelogRestores() {
        JsonSerde<ArticleVersion> json = JsonSerde.of(ArticleVersion.class);
        ArticleVersion version = timed(T1, 3, at(2, 41));

        assertThat(new ArticleVersionSerde().deserialize(RAW, json.serialize(RAW, version))).isEqualTo(version);
    }

    @Test
    void readsAVersionStoredBeforePositionsWereKeptAsOneWithoutAPosition() {
        ArticleVersionSerde serde = new ArticleVersionSerde();
        byte[] old = ("{\"updated_at\":\"" + T1 + "\",\"content_hash\":null,\"seen_at_ms\":3}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(serde.deserialize(RAW, old)).isEqualTo(timed(T1, 3));
    }

    private static ArticleVersion.Source at(int partition, long offset) {
        return new ArticleVersion.Source(RAW, partition, offset);
    }

    private static ArticleVersion timed(String at, long seenAt) {
        return timed(at, seenAt, null);
    }

    private static ArticleVersion timed(String at, long seenAt, ArticleVersion.Source source) {
        return new ArticleVersion(at, null, seenAt, source);
    }

    private static ArticleVersion hashed(String hash, long seenAt) {
        return hashed(hash, seenAt, null);
    }

    private static ArticleVersion hashed(String hash, long seenAt, ArticleVersion.Source source) {
        return new ArticleVersion(null, hash, seenAt, source);
    }
}
