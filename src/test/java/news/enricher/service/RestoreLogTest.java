package news.enricher.service;

import news.enricher.testkit.ConsoleCapture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreLogTest {

    @RegisterExtension
    static final ConsoleCapture CONSOLE = new ConsoleCapture();

    @Test
    void logsOneLineForEachStorePartitionRestoredOrSuspendedWithItsRecordsAndOffsets() {
        RestoreLog log = new RestoreLog();
        TopicPartition versions = new TopicPartition("app-article-versions-changelog", 3);
        TopicPartition totals = new TopicPartition("app-trend-totals-changelog", 1);

        log.onRestoreStart(versions, "article-versions", 0, 1200);
        log.onBatchRestored(versions, "article-versions", 999, 1000);
        log.onBatchRestored(versions, "article-versions", 1199, 200);
        log.onRestoreEnd(versions, "article-versions", 1200);
        log.onRestoreStart(totals, "trend-totals", 4410, 4417);
        log.onRestoreSuspended(totals, "trend-totals", 3);

        List<String> lines = CONSOLE.text().lines().filter(l -> l.contains(RestoreLog.class.getName())).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches(".* INFO news\\.enricher\\.service\\.RestoreLog - Restored 1200 records of"
                + " store article-versions from app-article-versions-changelog-3 offsets 0\\.\\.1200 in \\d+ ms");
        assertThat(lines.get(1)).matches(".* INFO news\\.enricher\\.service\\.RestoreLog - Suspended restoring 3"
                + " records of store trend-totals from app-trend-totals-changelog-1 offsets 4410\\.\\.4417 in \\d+ ms");
    }
}
