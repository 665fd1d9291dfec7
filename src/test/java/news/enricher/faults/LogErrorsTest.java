package news.enricher.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogErrorsTest {

    @TempDir
    Path dir;

    @Test
    void countsALogThatDidNotExistAtTheMarkFromItsStartAndIgnoresOtherLevels() throws Exception {
        Path log = dir.resolve("a.log");
        LogErrors mark = LogErrors.mark(List.of(log));
        Files.writeString(log, String.join("\n",
                "2026-12-03T13:00:00.000+0000 [main] INFO news.enricher.Main - started, no TimeoutException here",
                "2026-12-03T13:00:01.000+0000 [t-1] WARN org.apache.kafka.clients.producer.internals.Sender - "
                        + "Got error produce response, retrying. Error: NOT_LEADER_OR_FOLLOWER",
                "2026-12-03T13:00:01.500+0000 [t-1] WARN org.apache.kafka.clients.producer.internals.Sender - "
                        + "Got error produce response, retrying. Error: NOT_LEADER_OR_FOLLOWER",
                ""));

        assertThat(mark.byKind()).containsExactlyInAnyOrderEntriesOf(Map.of("WARN NOT_LEADER_OR_FOLLOWER", 2));
        assertThat(mark.outOfMemoryLines()).isZero();
    }

    @Test
    void countsOnlyWhatWasLoggedAfterTheMark() throws Exception {
        Path log = dir.resolve("b.log");
        Files.writeString(log, "2026-12-03T13:00:00.000+0000 [t] WARN x.Y - old TimeoutException\n");
        LogErrors mark = LogErrors.mark(List.of(log));
        Files.writeString(log, String.join("\n",
                "2026-12-03T13:00:01.000+0000 [t] WARN x.Y - Error: NOT_LEADER_OR_FOLLOWER",
                "2026-12-03T13:00:02.000+0000 [t] ERROR x.Y - failed: org.apache.kafka.common.errors"
                        + ".ProducerFencedException: fenced",
                "\tat org.apache.kafka.Foo.bar(Foo.java:1)",
                "Caused by: java.lang.IllegalStateException: inner",
                "2026-12-03T13:00:03.000+0000 [t] WARN x.Y - Connection to node 2 could not be established.",
                "2026-12-03T13:00:03.100+0000 [t] WARN x.Y - Disconnected from node 2",
                "2026-12-03T13:00:03.500+0000 [t] WARN news.enricher.deadletter.DeadLetterLog - Dead letter raw-0@49: "
                        + "invalid-json, rule: Not a valid JSON object (1332 bytes): Unexpected end-of-input in "
                        + "VALUE_STRING",
                "2026-12-03T13:00:04.000+0000 [t] ERROR kafka.server.ReplicaManager - Error processing append "
                        + "operation on partition raw-0",
                "org.apache.kafka.common.errors.OutOfOrderSequenceException: Out of order sequence number",
                "java.lang.OutOfMemoryError: Java heap space",
                ""), StandardOpenOption.APPEND);

        assertThat(mark.byKind()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "WARN NOT_LEADER_OR_FOLLOWER", 1, "ERROR ProducerFencedException", 1, "WARN connection to a node refused", 1, "WARN other", 1,
                "WARN dead letter invalid-json", 1,
                "ERROR OutOfOrderSequenceException", 1));
        assertThat(mark.outOfMemoryLines()).isEqualTo(1);
    }
}
