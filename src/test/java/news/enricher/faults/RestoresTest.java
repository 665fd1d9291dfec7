package news.enricher.faults;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RestoresTest {

    private static final String LOGGER = "[app-StreamThread-1] INFO news.enricher.service.RestoreLog - ";

    @Test
    void readsTheRestoreLinesOfAnInstanceLogAndIgnoresEverythingElse() {
        Restores restores = Restores.parse(List.of(
                "=== instance-1 incarnation 2 ===",
                "2026-12-03T14:05:01.250+0000 " + LOGGER
                        + "Restored 1200 records of store article-versions from app-article-versions-changelog-3"
                        + " offsets 0..1200 in 830 ms",
                "2026-12-03T14:05:01.300+0000 " + LOGGER
                        + "Restored 7 records of store trend-totals from app-trend-totals-changelog-1"
                        + " offsets 4410..4417 in 12 ms",
                "2026-12-03T14:05:00.100+0000 " + LOGGER
                        + "Restored 6889 records of store reference-tickers from app.reference-0 offsets 0..6889 in 400 ms",
                "2026-12-03T14:05:02.000+0000 [main] INFO news.enricher.service.EnricherService - Kafka Streams state"
                        + " REBALANCING -> RUNNING"));

        assertThat(restores.all()).hasSize(3);
        assertThat(restores.changelogRecords()).isEqualTo(1207);
        assertThat(restores.restored()).isEqualTo(2);
        assertThat(restores.fromScratch()).isEqualTo(1);
        assertThat(restores.all().get(0).at())
                .isEqualTo(OffsetDateTime.parse("2026-12-03T14:05:01.250Z").toInstant().toEpochMilli());
        assertThat(restores.describe()).isEqualTo("1207 changelog records into 2 store partitions (1 from offset 0)");
    }

    @Test
    void keepsOnlyTheRestoresOfATimeWindow() {
        Restores restores = Restores.parse(List.of(
                "2026-12-03T14:05:01.000+0000 " + LOGGER
                        + "Restored 5 records of store article-versions from a-article-versions-changelog-0"
                        + " offsets 10..15 in 3 ms",
                "2026-12-03T14:06:01.000+0000 " + LOGGER
                        + "Restored 9 records of store article-versions from a-article-versions-changelog-0"
                        + " offsets 15..24 in 3 ms"));
        long second = OffsetDateTime.parse("2026-12-03T14:06:01.000Z").toInstant().toEpochMilli();

        assertThat(restores.between(second, second + 1).changelogRecords()).isEqualTo(9);
        assertThat(restores.between(0, second).changelogRecords()).isEqualTo(5);
        assertThat(restores.between(0, second).fromScratch()).isZero();
    }
}
