package news.enricher.faults;

import news.enricher.config.EnricherConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static news.enricher.faults.Scenarios.seconds;
import static news.enricher.testkit.KafkaTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 3: the application grows from one instance to three and shrinks back to one (graceful SIGTERM) while the
 * crawler produces. Reports the rebalance pause around each membership change.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class ScaleOutInIT {

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @Test
    void scalingFromOneToThreeInstancesAndBackLosesAndDuplicatesNothing() throws Exception {
        String scenario = "scale-out-in";
        int articles = FaultSettings.size("scale.articles", 2000, 20_000);
        int rate = FaultSettings.size("scale.rate", 80, 120);
        int sessionMs = FaultSettings.size("scale.session-timeout-ms", 6000, 0);
        long seed = FaultSettings.seed();
        try (FaultRun run = new FaultRun(scenario, BROKER.broker(), StreamsConfig.EXACTLY_ONCE_V2,
                Scenarios.session(sessionMs))) {
            run.provision(Scenarios.TABLE);
            List<RawRecord> plan = new ArticleGenerator(seed + 3, scenario, Scenarios.TABLE,
                    ArticleGenerator.Mix.standard(2)).plan(articles);
            EnricherProcess first = run.fleet().add().start();
            run.fleet().awaitAllRunning(Scenarios.START);
            run.event("1 instance RUNNING");

            Crawler crawler = run.crawl(plan, rate);
            double[] at = {0.15, 0.35, 0.55, 0.75};
            String[] change = {"1 → 2", "2 → 3", "3 → 2", "2 → 1"};
            List<long[]> changes = new ArrayList<>();
            List<String> exits = new ArrayList<>();
            EnricherProcess second = null;
            EnricherProcess third = null;
            for (int i = 0; i < at.length; i++) {
                int point = (int) (plan.size() * at[i]);
                await("the crawler to reach record " + point, Scenarios.PROCESSED,
                        () -> crawler.sent() >= point || crawler.done());
                FaultRun.Event e;
                switch (i) {
                    case 0 -> {
                        e = run.event("scale " + change[i] + ": start instance-2");
                        second = run.fleet().add().start();
                    }
                    case 1 -> {
                        e = run.event("scale " + change[i] + ": start instance-3");
                        third = run.fleet().add().start();
                    }
                    case 2 -> {
                        e = run.event("scale " + change[i] + ": SIGTERM instance-3");
                        exits.add("instance-3 exit " + third.stop(Duration.ofSeconds(60)));
                        run.event("instance-3 exited");
                    }
                    default -> {
                        e = run.event("scale " + change[i] + ": SIGTERM instance-2");
                        exits.add("instance-2 exit " + second.stop(Duration.ofSeconds(60)));
                        run.event("instance-2 exited");
                    }
                }
                boolean rebalanced = run.fleet().awaitRebalancedSince(e.at(), Scenarios.START);
                FaultRun.Event settled = run.event((rebalanced ? "group rebalanced, members RUNNING: "
                        : "no rebalance seen, members: ") + run.fleet().states());
                changes.add(new long[] {e.at(), settled.at()});
            }
            crawler.awaitDone(Scenarios.PROCESSED);
            run.event("crawler done");
            run.awaitProcessed(Scenarios.PROCESSED);
            FaultRun.Verdict verdict = run.verify(null, Scenarios.READ);

            Map<String, Object> figures = new LinkedHashMap<>();
            List<String> pauses = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                long[] c = changes.get(i);
                long until = i + 1 < changes.size() ? changes.get(i + 1)[0] : c[1] + 30_000;
                pauses.add(change[i] + ": rebalance pause (longest stall of one partition's output) "
                        + seconds(verdict.timeline().longestPartitionStall(c[0], until)) + " s, of all output "
                        + seconds(verdict.timeline().longestStall(c[0], until)) + " s; group rebalanced and RUNNING "
                        + seconds(c[1] - c[0]) + " s after the change began");
            }
            figures.put("rebalance_pauses", pauses);
            figures.put("graceful_stop", exits);
            figures.put("produce_duration_s", seconds(crawler.finishedAt() - crawler.startedAt()));
            Reconciliation r = verdict.reconciliation();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("articles", articles);
            settings.put("rate_records_per_s", rate);
            settings.put("session.timeout.ms", Scenarios.sessionLabel(sessionMs));
            settings.put("num.standby.replicas", "product default ("
                    + EnricherConfig.DEFAULTS.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG) + ")");
            run.report("scale-out 1 → 3 and scale-in 3 → 1 mid-stream (SIGTERM)", verdict, r.clean(),
                    "missing = duplicated = unexpected = malformed = 0", figures, settings);

            assertThat(r.crawlerFailures()).isEmpty();
            assertThat(r.clean()).as(r.summary()).isTrue();
            assertThat(first.alive()).isTrue();
            assertThat(exits).allSatisfy(x -> assertThat(x).endsWith("exit 0"));
        }
    }
}
