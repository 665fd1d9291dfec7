package news.enricher.faults;

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
 * Scenario 6: one instance is stopped (SIGTERM) and started again, over and over, while the crawler sends a stream in
 * which every other record is broken. A graceful stop commits what the instance has done; a broken record that was
 * dead-lettered as it arrived, in the poll during which the stop was requested, must count as done, or the restarted
 * instance dead-letters it a second time. That sequence is behind the duplicated dead letter of a full-size
 * scale-out-in run; here half the records are broken, so most stops meet it.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class GracefulStopIT {

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @Test
    void stoppingAndRestartingAnInstanceWhileHalfTheInputIsBrokenLosesAndDuplicatesNothing() throws Exception {
        String scenario = "graceful-stop";
        int articles = FaultSettings.size("stop.articles", 2500, 8000);
        int stops = FaultSettings.size("stop.stops", 4, 10);
        int rate = FaultSettings.size("stop.rate", 150, 200);
        long seed = FaultSettings.seed();
        try (FaultRun run = new FaultRun(scenario, BROKER.broker(), StreamsConfig.EXACTLY_ONCE_V2, Map.of())) {
            run.provision(Scenarios.TABLE);
            ArticleGenerator.Mix halfBroken = new ArticleGenerator.Mix(0.5, 0.2, 0.08, 0.3, 0.05, 1, List.of(), 0);
            List<RawRecord> plan = new ArticleGenerator(seed + 5, scenario, Scenarios.TABLE, halfBroken)
                    .plan(articles);
            EnricherProcess instance = run.fleet().add().start().awaitRunning(Scenarios.START);
            run.event("instance-1 RUNNING");

            Crawler crawler = run.crawl(plan, rate);
            List<String> perStop = new ArrayList<>();
            List<Integer> exits = new ArrayList<>();
            List<Boolean> crawlerStillSending = new ArrayList<>();
            for (int i = 1; i <= stops; i++) {
                int point = (int) ((long) plan.size() * i / (stops + 1));
                await("the crawler to reach record " + point, Scenarios.PROCESSED,
                        () -> crawler.sent() >= point || crawler.done());
                crawlerStillSending.add(!crawler.done());
                FaultRun.Event stop = run.event("SIGTERM instance-1 at record " + crawler.sent());
                int exit = instance.stop(Duration.ofSeconds(60));
                FaultRun.Event stopped = run.event("instance-1 exit " + exit);
                exits.add(exit);
                instance.start().awaitRunning(Scenarios.START);
                FaultRun.Event back = run.event("instance-1 RUNNING again");
                perStop.add("stop " + i + ": exit " + exit + " after " + seconds(stopped.at() - stop.at())
                        + " s, RUNNING again " + seconds(back.at() - stop.at()) + " s after the SIGTERM");
            }
            crawler.awaitDone(Scenarios.PROCESSED);
            run.event("crawler done");
            run.awaitProcessed(Scenarios.PROCESSED);
            FaultRun.Verdict verdict = run.verify(null, Scenarios.READ);

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("stops", perStop);
            figures.put("produce_duration_s", seconds(crawler.finishedAt() - crawler.startedAt()));
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("articles", articles);
            settings.put("invalid_share", halfBroken.invalid());
            settings.put("rate_records_per_s", rate);
            settings.put("instances", 1);
            Reconciliation r = verdict.reconciliation();
            run.report("SIGTERM and restart while half the input is broken (exactly_once_v2)", verdict, r.clean(),
                    "missing = duplicated = unexpected = malformed = 0", figures, settings);

            assertThat(exits).as("exit codes on SIGTERM").containsOnly(0);
            // A stop after the crawler finished would not test what this scenario claims.
            assertThat(crawlerStillSending).as("crawler still sending at each stop").containsOnly(true);
            assertThat(r.crawlerFailures()).isEmpty();
            assertThat(r.clean()).as(r.summary()).isTrue();
        }
    }
}
