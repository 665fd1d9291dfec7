package news.enricher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import news.enricher.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BenchReportTest {

    private static final long MIB = 1024 * 1024;
    // 10,000 articles of 5 KB with three themed copies each; 9,000 of them published (one changelog record each).
    private static final Preload.Totals INPUT = new Preload.Totals(10_000, 50_000_000, 30_000, 100, 2_000, 9_000,
            150_000_000, 200_000_000, Map.of(), 5.0);
    private static final List<String> ALOS_LEGS = List.of(BenchCommand.PIPE_ALOS, BenchCommand.SAME_ALOS,
            BenchCommand.ENRICH_ALOS);

    @Test
    void rendersEachLegAsTheSameRowInTheConsoleTableAndInMarkdown() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.preload(INPUT);
        report.leg(leg(BenchCommand.PIPE_ALOS, 1, 5_000, 1_000, 3.0, 12.0, 6.0, 200));
        report.leg(leg(BenchCommand.SAME_ALOS, 1, 8_000, 1_000, 3.5, 16.0, 9.0, 205));
        report.leg(leg(BenchCommand.ENRICH_ALOS, 1, 10_000, 2_000, 4.0, 20.0, 12.0, 210));
        BenchReport.Leg failed = new BenchReport.Leg(BenchCommand.PIPE_EOS, 1, "exactly_once_v2", 1.0);
        failed.failed("worker died");
        report.leg(failed);

        assertThat(rowsOf(report.table(), "pipe-", "same-", "enrich-")).containsExactly(
                // A pipe has no ratio columns and the same-bytes pipe only the raw pipe's: blank 7-wide cells.
                "pipe-alos       1 pipe            at_least_once      5.0      2,000    2,250    10.0    6,000"
                        + " ".repeat(32) + "    6.0    2.0    3.0     3.0     200     150    400"
                        + " complete: 30000 copies, 100 DLQ",
                "same-alos       1 same-bytes      at_least_once      8.0      1,250    1,286     6.3    3,750   0.57x   0.63x"
                        + " ".repeat(16) + "    9.0    3.0    3.5     3.5     205     155    410"
                        + " complete: 30000 copies, 100 DLQ, 2000 unknown, 9000 changelog",
                "enrich-alos     1 enricher        at_least_once     10.0      1,000    1,125     5.0    3,000   0.50x   0.50x"
                        + "   0.88x   0.80x   12.0    4.0    4.0     4.0     210     160    420"
                        + " complete: 30000 copies, 100 DLQ, 2000 unknown, 9000 changelog",
                "pipe-eos        1 pipe            exactly_once_v2 FAILED: worker died");
        assertThat(rowsOf(report.markdown(), "| pipe-", "| same-", "| enrich-")).containsExactly(
                "| pipe-alos | 1 | pipe | at_least_once | 5.0 | 2,000 | 2,250 | 10.0 | 6,000 |  |  |  |  | 6.0 | 2.0 | 3.0 "
                        + "| 3.0 | 200 | 150 | 400 | complete: 30000 copies, 100 DLQ |",
                "| same-alos | 1 | same-bytes | at_least_once | 8.0 | 1,250 | 1,286 | 6.3 | 3,750 | 0.57x | 0.63x |  |  "
                        + "| 9.0 | 3.0 | 3.5 | 3.5 | 205 | 155 | 410 | complete: 30000 copies, 100 DLQ, 2000 unknown, 9000 changelog |",
                "| enrich-alos | 1 | enricher | at_least_once | 10.0 | 1,000 | 1,125 | 5.0 | 3,000 | 0.50x | 0.50x "
                        + "| 0.88x | 0.80x | 12.0 | 4.0 | 4.0 | 4.0 | 210 | 160 | 420 "
                        + "| complete: 30000 copies, 100 DLQ, 2000 unknown, 9000 changelog |",
                // 21 columns: four cells, the failure, 16 empty ones.
                "| pipe-eos | 1 | pipe | exactly_once_v2 | FAILED: worker died " + "|".repeat(17));
    }

    @Test
    void rendersEachLatencyPhaseAsTheSameRowInTheConsoleTableAndInMarkdown() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        BenchReport.Latency latency = new BenchReport.Latency(1.0, 100, true);
        Map<String, LatencyRecorder.Summary> stages = new LinkedHashMap<>();
        stages.put(LatencyProbe.STAGE_PROCESSED, new LatencyRecorder.Summary(179_990, 12.0, 80.5, 0, 95.25));
        stages.put(LatencyProbe.STAGE_WRITTEN, new LatencyRecorder.Summary(179_990, 3.0, 9.0, 0, 20.0));
        stages.put(LatencyProbe.STAGE_COMMITTED, new LatencyRecorder.Summary(179_990, 60.0, 110.0, 0, 140.0));
        latency.phase(new LatencyProbe.Phase("1,000/s", 1_000, 60_000, 180_000, 179_990, 1_000,
                new LatencyRecorder.Summary(179_990, 197.6, 1_713.1, 2_123.3, 2_236.6), stages));
        report.latency(latency);

        assertThat(rowsOf(report.table(), "  phase", "  1,000/s", "      ")).containsExactly(
                "  phase               rate/s    copies   p50 ms   p99 ms p99.9 ms   max ms seen/expected",
                "  1,000/s              1,000   179,990    197.6   1713.1   2123.3   2236.6 179,990/180,000",
                "      due -> processed                 p50    12.0 ms  p99    80.5 ms  max    95.3 ms",
                "      processed -> in the log          p50     3.0 ms  p99     9.0 ms  max    20.0 ms",
                "      processed -> committed visible   p50    60.0 ms  p99   110.0 ms  max   140.0 ms");
        assertThat(rowsOf(report.markdown(), "| 1,000/s")).containsExactly(
                "| 1,000/s | 1,000 | 179,990 | 197.6 | 1713.1 | 2123.3 | 2236.6 |",
                "| 1,000/s | due -> processed | 12.0 | 80.5 | 95.3 |",
                "| 1,000/s | processed -> in the log | 3.0 | 9.0 | 20.0 |",
                "| 1,000/s | processed -> committed visible | 60.0 | 110.0 | 140.0 |");
    }

    @Test
    void theLatencyLegSaysWhatOneCommitRoundCostsFromTheEnrichersMetrics() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        BenchReport.Latency latency = latency(180_000, 180_000);
        latency.worker((ObjectNode) Json.MAPPER.valueToTree(Map.of(
                "stream_threads", Map.of("commit-total", 400.0, "commit-latency-avg", 2.5, "commit-latency-max", 130.0),
                "producer", Map.of("flush-time-ns-total", 3.0e9, "txn-send-offsets-time-ns-total", 1.2e9,
                        "txn-commit-time-ns-total", 0.4e9))));
        report.latency(latency);

        String line = "enricher commits: 400 rounds; per round on average: producer flush 7.5 ms, offsets 3.0 ms, "
                + "commit of the transaction 1.0 ms; Kafka Streams' commit latency per task committed (last minute): "
                + "2.5 ms on average, 130.0 ms at most";
        assertThat(rowsOf(report.table(), "  enricher commits")).containsExactly("  " + line);
        assertThat(rowsOf(report.markdown(), "enricher commits")).containsExactly(line);
    }

    @Test
    void aLatencyLegWithoutCommitMetricsHasNoCommitLine() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        BenchReport.Latency latency = latency(180_000, 180_000);
        latency.worker((ObjectNode) Json.MAPPER.valueToTree(Map.of(
                "producer", Map.of("flush-time-ns-total", 3.0e9))));
        report.latency(latency);

        assertThat(report.table()).doesNotContain("commits");
        assertThat(report.markdown()).doesNotContain("commits");
    }

    @Test
    void eachRatioIsTheMedianAndSpreadOfItsRoundsRatios() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(ALOS_LEGS, 3, false);
        report.preload(INPUT);
        // Steady-state durations (ms) of pipe, same-bytes and enricher per round: every ratio is a quotient of two.
        round(report, 1, 4_000, 5_000, 10_000); // enricher/pipe 0.40, enricher/same 0.50, same/pipe 0.80
        round(report, 2, 4_000, 8_000, 8_000);  // 0.50, 1.00, 0.50
        round(report, 3, 3_000, 6_000, 10_000); // 0.30, 0.60, 0.50

        BenchReport.Spread vsPipe = report.spread(BenchCommand.ENRICH_ALOS, BenchCommand.PIPE_ALOS, true);
        assertThat(vsPipe.median()).isCloseTo(0.40, within(1e-9));
        assertThat(vsPipe.min()).isCloseTo(0.30, within(1e-9));
        assertThat(vsPipe.max()).isCloseTo(0.50, within(1e-9));
        assertRatios(vsPipe.rounds(), 0.40, 0.50, 0.30);
        BenchReport.Spread vsSame = report.spread(BenchCommand.ENRICH_ALOS, BenchCommand.SAME_ALOS, true);
        assertThat(vsSame.median()).isCloseTo(0.60, within(1e-9));
        assertThat(vsSame.min()).isCloseTo(0.50, within(1e-9));
        assertThat(vsSame.max()).isCloseTo(1.00, within(1e-9));

        assertThat(rowsOf(report.table(), "  at_least_once")).containsExactly(
                "  at_least_once   same-bytes / pipe          0.50x 0.50x-0.80x 0.80x 0.50x 0.50x",
                "  at_least_once   enricher / pipe            0.40x 0.30x-0.50x 0.40x 0.50x 0.30x",
                "  at_least_once   enricher / same-bytes      0.60x 0.50x-1.00x 0.50x 1.00x 0.60x");
        assertThat(rowsOf(report.markdown(), "| at_least_once | ")).containsExactly(
                "| at_least_once | same-bytes / pipe | 0.50x | 0.50x-0.80x | 0.80x 0.50x 0.50x |",
                "| at_least_once | enricher / pipe | 0.40x | 0.30x-0.50x | 0.40x 0.50x 0.30x |",
                "| at_least_once | enricher / same-bytes | 0.60x | 0.50x-1.00x | 0.50x 1.00x 0.60x |");
        JsonNode ratios = report.jsonNode().get("ratios");
        assertThat(ratios).hasSize(3);
        JsonNode enricherVsPipe = ratios.get(1);
        assertThat(enricherVsPipe.get("leg").asText()).isEqualTo(BenchCommand.ENRICH_ALOS);
        assertThat(enricherVsPipe.get("baseline").asText()).isEqualTo(BenchCommand.PIPE_ALOS);
        assertThat(enricherVsPipe.at("/steady/median").asDouble()).isCloseTo(0.40, within(1e-9));
        assertThat(enricherVsPipe.at("/steady/min").asDouble()).isCloseTo(0.30, within(1e-9));
        assertThat(enricherVsPipe.at("/steady/max").asDouble()).isCloseTo(0.50, within(1e-9));
        assertRatios(doubles(enricherVsPipe.at("/steady/rounds")), 0.40, 0.50, 0.30);
        // Whole legs include the first second of each: (1 + pipe) / (1 + enricher) seconds, median of 5/11, 5/9, 4/11.
        assertThat(enricherVsPipe.at("/whole_leg/median").asDouble()).isCloseTo(5.0 / 11, within(1e-9));
        assertThat(report.targets().get(0).name()).isEqualTo("at_least_once enricher >= 0.9x same-bytes pipe");
        assertThat(report.targets().get(0).status()).isEqualTo("MISSED");
        assertThat(report.targets().get(2).name()).isEqualTo("at_least_once enricher >= 0.6x plain pipe");
        assertThat(report.targets().get(2).measured()).isEqualTo(
                "median 0.40x steady state over 3 rounds (0.30x-0.50x); median 0.45x over the whole leg");
    }

    @Test
    void theSameBytesThroughKafkaStreamsSitsBetweenTheSameBytesPipeAndTheEnricher() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(List.of(BenchCommand.PIPE_ALOS, BenchCommand.SAME_ALOS, BenchCommand.STREAMS_ALOS,
                BenchCommand.ENRICH_ALOS), 1, false);
        report.preload(INPUT);
        round(report, 1, 4_000, 5_000, 10_000);
        report.leg(leg(BenchCommand.STREAMS_ALOS, 1, 1_000 + 8_000, 1_000, 1, 1, 1, 200));

        assertThat(report.comparisons()).extracting(BenchReport.Comparison::label).containsExactly(
                "same-bytes / pipe", "same, Streams / pipe", "same, Streams / same-bytes", "enricher / pipe",
                "enricher / same-bytes", "enricher / same, Streams");
        assertThat(report.spread(BenchCommand.STREAMS_ALOS, BenchCommand.SAME_ALOS, true).median())
                .isCloseTo(5.0 / 8, within(1e-9));
        assertThat(report.spread(BenchCommand.ENRICH_ALOS, BenchCommand.STREAMS_ALOS, true).median())
                .isCloseTo(0.8, within(1e-9));
        // Its row shows both pipes' ratios, in the columns an enricher leg uses for them.
        assertThat(rowsOf(report.table(), "streams-alos")).singleElement().satisfies(row -> assertThat(row)
                .contains("same, Streams").contains(" 0.50x ").contains(" 0.63x "));
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void anEvenNumberOfRoundsHasTheMeanOfTheMiddleTwoAsItsMedian() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(ALOS_LEGS, 2, false);
        round(report, 1, 4_000, 5_000, 10_000); // enricher/pipe 0.40
        round(report, 2, 4_000, 8_000, 8_000);  // 0.50

        BenchReport.Spread vsPipe = report.spread(BenchCommand.ENRICH_ALOS, BenchCommand.PIPE_ALOS, true);

        assertThat(vsPipe.median()).isCloseTo(0.45, within(1e-9));
        assertThat(vsPipe.min()).isCloseTo(0.40, within(1e-9));
        assertThat(vsPipe.max()).isCloseTo(0.50, within(1e-9));
    }

    @Test
    void aRoundWhoseLegFailedHasNoRatioAndIsLeftOutOfTheMedian() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(ALOS_LEGS, 3, false);
        round(report, 1, 4_000, 5_000, 10_000); // enricher/pipe 0.40
        report.leg(leg(BenchCommand.PIPE_ALOS, 2, 5_000, 1_000, 1, 1, 1, 200));
        report.leg(leg(BenchCommand.SAME_ALOS, 2, 9_000, 1_000, 1, 1, 1, 200));
        BenchReport.Leg failed = new BenchReport.Leg(BenchCommand.ENRICH_ALOS, 2, "at_least_once", 1.0);
        failed.failed("worker died");
        report.leg(failed);
        round(report, 3, 3_000, 6_000, 10_000); // 0.30

        BenchReport.Spread vsPipe = report.spread(BenchCommand.ENRICH_ALOS, BenchCommand.PIPE_ALOS, true);

        assertThat(vsPipe.median()).isCloseTo(0.35, within(1e-9));
        assertThat(vsPipe.rounds()).hasSize(3);
        assertThat(vsPipe.rounds().get(1)).isNaN();
        assertThat(rowsOf(report.table(), "  at_least_once   enricher / pipe")).containsExactly(
                "  at_least_once   enricher / pipe            0.35x 0.30x-0.40x 0.40x n/a 0.30x");
        assertThat(report.jsonNode().at("/ratios/1/steady/rounds/1").isNull()).isTrue();
    }

    @Test
    void theLatencyRateComesFromTheMedianOfTheEnrichersPeaks() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        // 10,000 articles in 10, 5 and 8 s: 1,000, 2,000 and 1,250 articles/s.
        report.leg(leg(BenchCommand.ENRICH_EOS, 1, 10_000, 1_000, 1, 1, 1, 200));
        report.leg(leg(BenchCommand.ENRICH_EOS, 2, 5_000, 1_000, 1, 1, 1, 200));
        report.leg(leg(BenchCommand.ENRICH_EOS, 3, 8_000, 1_000, 1, 1, 1, 200));

        assertThat(report.peak(BenchCommand.ENRICH_EOS)).isCloseTo(1_250, within(1e-9));
        assertThat(report.peak(BenchCommand.ENRICH_ALOS)).isZero();
    }

    @Test
    void aRunWhoseLegsAllCompletedPasses() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(ALOS_LEGS, 2, true);
        round(report, 1, 4_000, 5_000, 10_000);
        round(report, 2, 4_000, 5_000, 10_000);
        report.latency(latency(180_000, 180_000));

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(lastLine(report.table())).isEqualTo("PASSED: every leg completed with its whole output");
        assertThat(report.jsonNode().get("passed").asBoolean()).isTrue();
        assertThat(report.jsonNode().get("failures")).isEmpty();
    }

    @Test
    void aFailedLegFailsTheRun() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(List.of(BenchCommand.PIPE_ALOS), 1, false);
        BenchReport.Leg failed = new BenchReport.Leg(BenchCommand.PIPE_ALOS, 1, "at_least_once", 1.0);
        failed.failed("no complete output after 60 s");
        report.leg(failed);

        assertThat(report.failures()).containsExactly("pipe-alos failed: no complete output after 60 s");
        assertThat(report.passed()).isFalse();
        assertThat(lastLine(report.table())).isEqualTo("FAILED: pipe-alos failed: no complete output after 60 s");
        assertThat(lastLine(report.markdown())).isEqualTo("FAILED: pipe-alos failed: no complete output after 60 s");
        assertThat(report.jsonNode().get("passed").asBoolean()).isFalse();
    }

    @Test
    void aLegWithMissingOutputFailsTheRun() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(List.of(BenchCommand.SAME_EOS), 1, false);
        BenchReport.Leg leg = new BenchReport.Leg(BenchCommand.SAME_EOS, 1, "exactly_once_v2", 1.0);
        leg.totals(INPUT);
        leg.timing(0, 1_000, 5_000, 1, 1, 1);
        leg.counted(30_000, 100, 2_000, 8_999, -1, -1); // one changelog record short

        report.leg(leg);

        assertThat(report.failures()).containsExactly(
                "same-eos output incomplete: MISMATCH: 30000 copies, 100 DLQ, 2000 unknown, 8999 changelog");
    }

    @Test
    void aLegThatNeverRanFailsTheRunInItsRound() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(List.of(BenchCommand.PIPE_ALOS, BenchCommand.ENRICH_ALOS), 2, false);
        report.leg(leg(BenchCommand.PIPE_ALOS, 1, 5_000, 1_000, 1, 1, 1, 200));
        report.leg(leg(BenchCommand.ENRICH_ALOS, 1, 5_000, 1_000, 1, 1, 1, 200));
        report.leg(leg(BenchCommand.PIPE_ALOS, 2, 5_000, 1_000, 1, 1, 1, 200));
        report.aborted("broker stopped");

        assertThat(report.failures()).containsExactly("the run stopped: broker stopped",
                "enrich-alos round 2 did not run");
    }

    @Test
    void aLatencyLegThatFailedMissedCopiesOrNeverRanFailsTheRun() {
        BenchReport failed = new BenchReport(10_000, 6, 1, "256m", Map.of());
        failed.expect(List.of(), 1, true);
        BenchReport.Latency error = latency(180_000, 180_000);
        error.failed("the latency worker exited");
        failed.latency(error);
        BenchReport missing = new BenchReport(10_000, 6, 1, "256m", Map.of());
        missing.expect(List.of(), 1, true);
        missing.latency(latency(180_000, 179_990));
        BenchReport notRun = new BenchReport(10_000, 6, 1, "256m", Map.of());
        notRun.expect(List.of(), 1, true);

        assertThat(failed.failures()).containsExactly("latency failed: the latency worker exited");
        assertThat(missing.failures()).containsExactly("latency phase 1,000/s saw 179,990 of 180,000 copies");
        assertThat(notRun.failures()).containsExactly("latency did not run");
    }

    @Test
    void trendsOnOverTrendsOffIsReportedPerGuaranteeAsTheMedianAndSpreadOfItsRounds() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(List.of(BenchCommand.ENRICH_ALOS, BenchCommand.TRENDS_ALOS, BenchCommand.ENRICH_EOS,
                BenchCommand.TRENDS_EOS), 3, false);
        report.preload(INPUT);
        // Steady-state durations (ms) with trends off and on per round: trends on / off is off over on.
        trendsRound(report, BenchCommand.ENRICH_ALOS, 1, 8_000, 10_000); // 0.80
        trendsRound(report, BenchCommand.ENRICH_ALOS, 2, 9_000, 10_000); // 0.90
        trendsRound(report, BenchCommand.ENRICH_ALOS, 3, 7_000, 10_000); // 0.70
        trendsRound(report, BenchCommand.ENRICH_EOS, 1, 9_000, 10_000);  // 0.90
        trendsRound(report, BenchCommand.ENRICH_EOS, 2, 8_000, 8_000);   // 1.00
        trendsRound(report, BenchCommand.ENRICH_EOS, 3, 9_500, 10_000);  // 0.95

        BenchReport.Spread alos = report.spread(BenchCommand.TRENDS_ALOS, BenchCommand.ENRICH_ALOS, true);
        assertThat(alos.median()).isCloseTo(0.80, within(1e-9));
        assertThat(alos.min()).isCloseTo(0.70, within(1e-9));
        assertThat(alos.max()).isCloseTo(0.90, within(1e-9));
        assertRatios(alos.rounds(), 0.80, 0.90, 0.70);
        assertThat(report.comparisons()).containsExactly(
                new BenchReport.Comparison(BenchCommand.TRENDS_ALOS, BenchCommand.ENRICH_ALOS,
                        "trends on / trends off"),
                new BenchReport.Comparison(BenchCommand.TRENDS_EOS, BenchCommand.ENRICH_EOS,
                        "trends on / trends off"));
        assertThat(rowsOf(report.table(), "  at_least_once", "  exactly_once_v2")).containsExactly(
                "  at_least_once   trends on / trends off     0.80x 0.70x-0.90x 0.80x 0.90x 0.70x",
                "  exactly_once_v2 trends on / trends off     0.95x 0.90x-1.00x 0.90x 1.00x 0.95x");
        assertThat(rowsOf(report.markdown(), "| at_least_once | ", "| exactly_once_v2 | ")).containsExactly(
                "| at_least_once | trends on / trends off | 0.80x | 0.70x-0.90x | 0.80x 0.90x 0.70x |",
                "| exactly_once_v2 | trends on / trends off | 0.95x | 0.90x-1.00x | 0.90x 1.00x 0.95x |");
        JsonNode ratios = report.jsonNode().get("ratios");
        assertThat(ratios).hasSize(2);
        assertThat(ratios.at("/0/ratio").asText()).isEqualTo("trends on / trends off");
        assertThat(ratios.at("/0/leg").asText()).isEqualTo(BenchCommand.TRENDS_ALOS);
        assertThat(ratios.at("/0/baseline").asText()).isEqualTo(BenchCommand.ENRICH_ALOS);
        assertThat(ratios.at("/0/steady/median").asDouble()).isCloseTo(0.80, within(1e-9));
        assertRatios(doubles(ratios.at("/1/steady/rounds")), 0.90, 1.00, 0.95);
        assertThat(report.targets().subList(4, 6)).containsExactly(
                new BenchReport.Target("at_least_once trends on >= 0.85x trends off", "MISSED",
                        "median 0.80x steady state over 3 rounds (0.70x-0.90x); median 0.82x over the whole leg"),
                new BenchReport.Target("exactly_once_v2 trends on >= 0.85x trends off", "MET",
                        "median 0.95x steady state over 3 rounds (0.90x-1.00x); median 0.95x over the whole leg"));
        assertThat(rowsOf(report.table(), "  MISSED  at_least_once trends", "  MET     exactly_once_v2 trends"))
                .hasSize(2);
    }

    @Test
    void theTrendsTargetIsMetAtFifteenPercentSlowerAndMissedBeyond() {
        BenchReport atTarget = new BenchReport(10_000, 6, 1, "256m", Map.of());
        trendsRound(atTarget, BenchCommand.ENRICH_EOS, 1, 8_500, 10_000); // 0.85
        BenchReport below = new BenchReport(10_000, 6, 1, "256m", Map.of());
        trendsRound(below, BenchCommand.ENRICH_EOS, 1, 8_400, 10_000);    // 0.84

        assertThat(trendsTarget(atTarget, "exactly_once_v2").status()).isEqualTo("MET");
        assertThat(trendsTarget(atTarget, "exactly_once_v2").measured())
                .startsWith("0.85x steady state");
        assertThat(trendsTarget(below, "exactly_once_v2").status()).isEqualTo("MISSED");
        // A target is judged, never a failure of the run: only missing or incomplete legs fail it.
        assertThat(below.passed()).isTrue();
    }

    @Test
    void theTrendsTargetIsNotApplicableWithoutBothLegs() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(List.of(BenchCommand.TRENDS_ALOS), 1, false);
        report.leg(leg(BenchCommand.TRENDS_ALOS, 1, 10_000, 1_000, 1, 1, 1, 200));

        assertThat(trendsTarget(report, "at_least_once"))
                .isEqualTo(new BenchReport.Target("at_least_once trends on >= 0.85x trends off", "n/a",
                        "leg or baseline not run"));
        assertThat(report.comparisons()).isEmpty();
    }

    @Test
    void aTrendsLegIsComparedWithBothPipesAndTheEnricherAndShowsItsTrendRecords() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.preload(INPUT);
        report.expect(List.of(BenchCommand.PIPE_EOS, BenchCommand.SAME_EOS, BenchCommand.ENRICH_EOS,
                BenchCommand.TRENDS_EOS), 1, false);
        report.leg(leg(BenchCommand.PIPE_EOS, 1, 5_000, 1_000, 3.0, 12.0, 6.0, 200));
        report.leg(leg(BenchCommand.SAME_EOS, 1, 8_000, 1_000, 3.5, 16.0, 9.0, 205));
        report.leg(leg(BenchCommand.ENRICH_EOS, 1, 10_000, 2_000, 4.0, 20.0, 12.0, 210));
        report.leg(leg(BenchCommand.TRENDS_EOS, 1, 11_000, 2_000, 4.0, 21.0, 13.0, 220));

        assertThat(rowsOf(report.table(), "trends-")).containsExactly(
                "trends-eos      1 enricher+trends exactly_once_v2   11.0        909    1,000     4.5    2,727   0.44x"
                        + "   0.45x   0.78x   0.73x   13.0    4.3    4.0     4.0     220     170    440"
                        + " complete: 30000 copies, 100 DLQ, 2000 unknown, 9000 changelog, 1200 trend records seen");
        assertThat(rowsOf(report.markdown(), "| trends-")).containsExactly(
                "| trends-eos | 1 | enricher+trends | exactly_once_v2 | 11.0 | 909 | 1,000 | 4.5 | 2,727 | 0.44x "
                        + "| 0.45x | 0.78x | 0.73x | 13.0 | 4.3 | 4.0 | 4.0 | 220 | 170 | 440 "
                        + "| complete: 30000 copies, 100 DLQ, 2000 unknown, 9000 changelog, 1200 trend records seen |");
        assertThat(rowsOf(report.table(), "  exactly_once_v2")).containsExactly(
                "  exactly_once_v2 same-bytes / pipe          0.57x 0.57x-0.57x 0.57x",
                "  exactly_once_v2 enricher / pipe            0.50x 0.50x-0.50x 0.50x",
                "  exactly_once_v2 enricher / same-bytes      0.88x 0.88x-0.88x 0.88x",
                "  exactly_once_v2 trends on / trends off     0.89x 0.89x-0.89x 0.89x");
        JsonNode trends = report.jsonNode().at("/legs/3");
        assertThat(trends.get("runs").asText()).isEqualTo("enricher+trends");
        assertThat(trends.at("/output/trend_records_seen").asLong()).isEqualTo(1_200);
        assertThat(trends.at("/output/complete").asBoolean()).isTrue();
        List<String> baselines = new ArrayList<>();
        trends.get("compared_with").forEach(b -> baselines.add(b.get("baseline").asText()));
        assertThat(baselines).containsExactly(BenchCommand.PIPE_EOS, BenchCommand.SAME_EOS, BenchCommand.ENRICH_EOS);
        assertThat(trends.at("/compared_with/2/steady_ratio").asDouble()).isCloseTo(8.0 / 9, within(1e-9));
        assertThat(report.jsonNode().at("/legs/2/output").has("trend_records_seen")).isFalse();
    }

    @Test
    void aTrendsLegWhoseTrendsTopicStayedEmptyFailsTheRun() {
        BenchReport report = new BenchReport(10_000, 6, 1, "256m", Map.of());
        report.expect(List.of(BenchCommand.TRENDS_EOS), 1, false);
        BenchReport.Leg leg = new BenchReport.Leg(BenchCommand.TRENDS_EOS, 1, "exactly_once_v2", 1.0);
        leg.totals(INPUT);
        leg.timing(0, 1_000, 5_000, 1, 1, 1);
        leg.counted(30_000, 100, 2_000, 9_000, 0, -1);

        report.leg(leg);

        assertThat(report.failures()).containsExactly("trends-eos output incomplete: MISMATCH: 30000 copies, 100 DLQ, "
                + "2000 unknown, 9000 changelog, 0 trend records seen");
    }

    @Test
    void aLegNameSaysWhatRunsAndUnderWhichGuarantee() {
        assertThat(BenchCommand.ALL_LEGS.stream().filter(l -> !l.equals(BenchCommand.LATENCY))
                .map(l -> BenchReport.runsOf(l).label + " " + BenchReport.guaranteeOf(l)).toList()).containsExactly(
                "pipe at_least_once", "same-bytes at_least_once", "same, Streams at_least_once",
                "enricher at_least_once", "enricher+trends at_least_once", "pipe exactly_once_v2",
                "same-bytes exactly_once_v2", "same, Streams exactly_once_v2", "enricher exactly_once_v2",
                "enricher+trends exactly_once_v2");
        assertThat(BenchReport.runsOf(BenchCommand.ENRICH_EOS).trends()).isFalse();
        assertThat(BenchReport.runsOf(BenchCommand.TRENDS_EOS).trends()).isTrue();
        for (String unknown : List.of(BenchCommand.LATENCY, "trend-eos", "trends-xos", "trends", "-eos")) {
            assertThatThrownBy(() -> BenchReport.runsOf(unknown)).as(unknown)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + unknown + "'");
        }
    }

    @Test
    void theDefaultLegsRunEachTrendsLegRightAfterItsTrendsOffLeg() {
        assertThat(BenchCommand.ALL_LEGS).containsExactly(BenchCommand.PIPE_ALOS, BenchCommand.SAME_ALOS,
                BenchCommand.STREAMS_ALOS, BenchCommand.ENRICH_ALOS, BenchCommand.TRENDS_ALOS, BenchCommand.PIPE_EOS,
                BenchCommand.SAME_EOS, BenchCommand.STREAMS_EOS, BenchCommand.ENRICH_EOS, BenchCommand.TRENDS_EOS,
                BenchCommand.LATENCY);
    }

    /** An enricher leg with trends off and its trends leg in one round, each starting its steady state after 1 s. */
    private static void trendsRound(BenchReport report, String offLeg, int round, long offMs, long onMs) {
        String onLeg = offLeg.equals(BenchCommand.ENRICH_ALOS) ? BenchCommand.TRENDS_ALOS : BenchCommand.TRENDS_EOS;
        report.leg(leg(offLeg, round, 1_000 + offMs, 1_000, 1, 1, 1, 200));
        report.leg(leg(onLeg, round, 1_000 + onMs, 1_000, 1, 1, 1, 200));
    }

    private static BenchReport.Target trendsTarget(BenchReport report, String guarantee) {
        return report.targets().stream().filter(t -> t.name().equals(guarantee + " trends on >= 0.85x trends off"))
                .findFirst().orElseThrow();
    }

    /** The three legs of at-least-once in one round, each starting its steady state after one second. */
    private static void round(BenchReport report, int round, long pipeMs, long sameMs, long enricherMs) {
        report.leg(leg(BenchCommand.PIPE_ALOS, round, 1_000 + pipeMs, 1_000, 1, 1, 1, 200));
        report.leg(leg(BenchCommand.SAME_ALOS, round, 1_000 + sameMs, 1_000, 1, 1, 1, 200));
        report.leg(leg(BenchCommand.ENRICH_ALOS, round, 1_000 + enricherMs, 1_000, 1, 1, 1, 200));
    }

    private static BenchReport.Latency latency(long expected, long seen) {
        BenchReport.Latency latency = new BenchReport.Latency(1.0, 100, false);
        latency.phase(new LatencyProbe.Phase("1,000/s", 1_000, 60_000, expected, seen, 1_000,
                new LatencyRecorder.Summary(seen, 197.6, 1_713.1, 2_123.3, 2_236.6), Map.of()));
        return latency;
    }

    private static void assertRatios(List<Double> actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual.get(i)).as("round %d", i + 1).isCloseTo(expected[i], within(1e-9));
        }
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    private static String lastLine(String rendered) {
        String[] lines = rendered.split("\n");
        return lines[lines.length - 1];
    }

    private static BenchReport.Leg leg(String name, int round, long lastMs, long warmMs, double brokerCpu,
                                       double machineCpu, double workerCpu, long heapMib) {
        BenchReport.Leg leg = new BenchReport.Leg(name, round, BenchReport.guaranteeOf(name), 1.0);
        leg.totals(INPUT);
        leg.timing(0, warmMs, lastMs, brokerCpu, machineCpu, 1.0);
        BenchReport.Runs runs = BenchReport.runsOf(name);
        boolean everything = runs != BenchReport.Runs.PIPE;
        leg.counted(30_000, 100, everything ? 2_000 : 0, everything ? 9_000 : -1,
                runs == BenchReport.Runs.TRENDS ? 1_200 : -1, 160_000_000);
        leg.worker(Json.MAPPER.createObjectNode()
                .put("cpu_seconds", workerCpu)
                .put("jit_seconds", workerCpu / 3)
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
