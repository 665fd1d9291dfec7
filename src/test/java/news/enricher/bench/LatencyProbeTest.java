package news.enricher.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyProbeTest {

    @Test
    void readsTheEnrichedAtOfACopyFromItsEndAndNothingFromARecordWithout() {
        String copy = "{\"title\":\"\\\"enriched_at\\\":\\\"1999\",\"enriched_at\":\"2026-12-03T08:00:00.123Z\","
                + "\"schema_version\":1}";
        long expected = Instant.parse("2026-12-03T08:00:00.123Z").toEpochMilli() * 1_000_000L;

        assertThat(LatencyProbe.enrichedAtEpochNanos(copy.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(LatencyProbe.enrichedAtEpochNanos("{\"slug\":\"s\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
        assertThat(LatencyProbe.enrichedAtEpochNanos(null)).isEqualTo(-1);
    }
}
