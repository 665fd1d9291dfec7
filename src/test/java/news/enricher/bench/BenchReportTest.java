package news.enricher.bench;

import news.enricher.json.Json;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    private static final long MIB = 1024 * 1024;
    // 10,000 articles of 5 KB with three themed copies each.
    private static final Preload.Totals INPUT = new Preload.Totals(10_000, 50_000_000, 30_000, 100, 2_000,
            150_000_000, Map.of(), 5.0);

    @Test
    void rendersEachLegAsTheSameRowInTheConsoleTableAndInMarkdown() {
        BenchReport report = reportWithThreeLegs();

        assertThat(rowsOf(report.table(), "pipe-", "enrich-")).containsExactly(
                // A pipe has no "vs pipe" columns: two blank 8-wide cells.
                "pipe-alos    pipe     at_least_once      5.0      2,000    2,250    10.0    6,000" + " ".repeat(22)
                        + "6.0    3.0     3.0     200     150    400 complete: 30000 copies, 100 DLQ",
                "enrich-alos  enricher at_least_once     10.0      1,000    1,125     5.0    3,000    0.50x    0.50x"
                        + "   12.0    4.0     4.0     210     160    420 complete: 30000 copies, 100 DLQ, 2000 unknown",
                "pipe-eos     pipe     exactly_once_v2 FAILED: worker died");
        assertThat(rowsOf(report.markdown(), "| pipe-", "| enrich-")).containsExactly(
                "| pipe-alos | pipe | at_least_once | 5.0 | 2,000 | 2,250 | 10.0 | 6,000 |  |  | 6.0 | 3.0 | 3.0 | 200 "
                        + "| 150 | 400 | complete: 30000 copies, 100 DLQ |",
                "| enrich-alos | enricher | at_least_once | 10.0 | 1,000 | 1,125 | 5.0 | 3,000 | 0.50x | 0.50x | 12.0 "
                        + "| 4.0 | 4.0 | 210 | 160 | 420 | complete: 30000 copies, 100 DLQ, 2000 unknown |",
                "| pipe-eos | pipe | exactly_once_v2 | FAILED: worker died |||||||||||||||");
    }

    @Test
    void rendersEachLatencyPhaseAsTheSameRowInTheConsoleTableAndInMarkdown() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        BenchReport.Latency latency = new BenchReport.Latency(1.0, 100, true);
        latency.phase(new LatencyProbe.Phase("1,000/s", 1_000, 60_000, 180_000, 179_990, 1_000,
                new LatencyRecorder.Summary(179_990, 197.6, 1_713.1, 2_123.3, 2_236.6)));
        report.latency(latency);

        assertThat(rowsOf(report.table(), "  phase", "  1,000/s")).containsExactly(
                "  phase               rate/s    copies   p50 ms   p99 ms p99.9 ms   max ms seen/expected",
                "  1,000/s              1,000   179,990    197.6   1713.1   2123.3   2236.6 179,990/180,000");
        assertThat(rowsOf(report.markdown(), "| 1,000/s")).containsExactly(
                "| 1,000/s | 1,000 | 179,990 | 197.6 | 1713.1 | 2123.3 | 2236.6 |");
    }

    private static BenchReport reportWithThreeLegs() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.preload(INPUT);
        report.leg(leg(BenchCommand.PIPE_ALOS, false, 5_000, 1_000, 3.0, 12.0, 6.0, 200, 0));
        report.leg(leg(BenchCommand.ENRICH_ALOS, true, 10_000, 2_000, 4.0, 20.0, 12.0, 210, 2_000));
        BenchReport.Leg failed = new BenchReport.Leg(BenchCommand.PIPE_EOS, false, StreamsConfig.EXACTLY_ONCE_V2, 1.0);
        failed.failed("worker died");
        report.leg(failed);
        return report;
    }

    private static BenchReport.Leg leg(String name, boolean enricher, long lastMs, long warmMs, double brokerCpu,
                                       double machineCpu, double workerCpu, long heapMib, long sightings) {
        BenchReport.Leg leg = new BenchReport.Leg(name, enricher, StreamsConfig.AT_LEAST_ONCE, 1.0);
        leg.totals(INPUT);
        leg.timing(0, warmMs, lastMs, brokerCpu, machineCpu, 1.0);
        leg.counted(30_000, 100, sightings, 160_000_000, true);
        leg.worker(Json.MAPPER.createObjectNode()
                .put("cpu_seconds", workerCpu)
                .put("peak_heap_used_bytes", heapMib * MIB)
                .put("peak_heap_after_gc_bytes", (heapMib - 50) * MIB)
                .put("peak_rss_bytes", 2 * heapMib * MIB));
        return leg;
    }

    private static List<String> rowsOf(String rendered, String... prefixes) {
        return Arrays.stream(rendered.split("\n"))
                .filter(line -> Arrays.stream(prefixes).anyMatch(line::startsWith))
                .toList();
    }
}
