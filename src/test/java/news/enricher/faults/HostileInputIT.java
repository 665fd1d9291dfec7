package news.enricher.faults;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static news.enricher.faults.Scenarios.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4: thousands of hostile records interleaved with good articles. The enricher must stay RUNNING
 * throughout, dead-letter every bad record exactly once with a reason, publish every good one (including multi-MB
 * and pathological ones) exactly once, dead-letter an article whose enriched copy would exceed the topic limit, and
 * the broker must refuse a record over the raw topic's limit to the crawler at produce time.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class HostileInputIT {

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @Test
    void hostileInputIsDeadLetteredExactlyOnceWhileTheEnricherStaysRunning() throws Exception {
        String scenario = "hostile-input";
        int good = FaultSettings.size("hostile.good", 600, 5000);
        int bad = FaultSettings.size("hostile.bad", 1500, 10_000);
        int rate = FaultSettings.size("hostile.rate", 300, 400);
        HostileGenerator.Sizes sizes = FaultSettings.full()
                ? new HostileGenerator.Sizes(10, 15, 5_000_000, 30_000, true)
                : new HostileGenerator.Sizes(2, 3, 1_000_000, 5_000, true);
        try (FaultRun run = new FaultRun(scenario, BROKER.broker(), StreamsConfig.EXACTLY_ONCE_V2, Map.of())) {
            run.provision(Scenarios.TABLE);
            List<RawRecord> plan = new HostileGenerator(FaultSettings.seed() + 4, scenario, Scenarios.TABLE, sizes)
                    .plan(good, bad);
            EnricherProcess instance = run.fleet().add().start().awaitRunning(Scenarios.START);
            run.event("instance RUNNING");
            int runningTransitions = instance.transitions().size();

            Crawler crawler = run.crawl(plan, rate);
            crawler.awaitDone(Scenarios.PROCESSED);
            run.event("crawler done");
            run.awaitProcessed(Scenarios.PROCESSED);
            FaultRun.Verdict verdict = run.verify(null, Scenarios.READ);
            List<EnricherProcess.Transition> after = instance.transitions().subList(runningTransitions,
                    instance.transitions().size());
            boolean stayedRunning = instance.running() && instance.incarnation() == 1 && after.isEmpty();

            Reconciliation r = verdict.reconciliation();
            long hostile = plan.stream().filter(x -> x.kind().startsWith("hostile:") || x.kind().startsWith("bad:"))
                    .filter(x -> x.outcome() != RawRecord.Outcome.PUBLISH).count();
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("hostile_records", hostile);
            figures.put("largest_record_bytes", plan.stream().mapToInt(RawRecord::size).max().orElse(0));
            figures.put("state_changes_after_first_RUNNING", after.stream().map(t -> t.from() + "->" + t.to()).toList());
            figures.put("stayed_running", stayedRunning);
            figures.put("refused_to_the_crawler_with_RecordTooLargeException", r.refused());
            figures.put("produce_duration_s", seconds(crawler.finishedAt() - crawler.startedAt()));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("good_articles", good);
            settings.put("bad_records", bad);
            settings.put("sizes", sizes.toString());
            settings.put("broker message.max.bytes", FaultBroker.MESSAGE_MAX_BYTES);
            settings.put("topic max.message.bytes", "product: 8 MiB (dead letters 9 MiB)");
            run.report("hostile input interleaved with good articles", verdict, r.clean() && stayedRunning
                    && r.refused() == plan.stream().filter(x -> x.outcome() == RawRecord.Outcome.REFUSED).count(),
                    "missing = duplicated = unexpected = malformed = 0, oversize records refused at produce time, "
                            + "no state change after the first RUNNING", figures, settings);

            assertThat(r.crawlerFailures()).as("records refused or accepted against expectation").isEmpty();
            assertThat(r.refused()).isEqualTo(plan.stream().filter(x -> x.outcome() == RawRecord.Outcome.REFUSED)
                    .count()).isPositive();
            assertThat(r.clean()).as(r.summary()).isTrue();
            assertThat(r.deadLettered()).isGreaterThanOrEqualTo((long) (bad * 0.9));
            assertThat(stayedRunning).as("state changes after RUNNING: " + after + ", now " + instance.state())
                    .isTrue();
            assertThat(instance.stop(Duration.ofSeconds(60))).isZero();
        }
    }
}
