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
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static news.enricher.faults.Scenarios.seconds;
import static news.enricher.testkit.KafkaTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 2: the (only) broker is stopped and restarted on the same ports with the same data while the crawler
 * produces; the enricher instances are never touched and must recover by themselves.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class BrokerRestartIT {

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @Test
    void theEnricherRecoversByItselfFromABrokerRestartWithoutLossOrDuplicates() throws Exception {
        String scenario = "broker-restart";
        int articles = FaultSettings.size("broker.articles", 2000, 20_000);
        int restarts = FaultSettings.size("broker.restarts", 1, 3);
        int rate = FaultSettings.size("broker.rate", 100, 200);
        long seed = FaultSettings.seed();
        try (FaultRun run = new FaultRun(scenario, BROKER.broker(), StreamsConfig.EXACTLY_ONCE_V2, Map.of())) {
            run.provision(Scenarios.TABLE);
            List<RawRecord> plan = new ArticleGenerator(seed + 2, scenario, Scenarios.TABLE,
                    ArticleGenerator.Mix.standard(2)).plan(articles);
            run.fleet().add().start();
            run.fleet().add().start();
            run.fleet().awaitAllRunning(Scenarios.START);
            run.event("2 instances RUNNING");

            Crawler crawler = run.crawl(plan, rate);
            Random random = new Random(seed + 2);
            List<long[]> outages = new ArrayList<>();
            for (int i = 0; i < restarts; i++) {
                int point = (int) (plan.size() * (0.2 + 0.6 * (i + random.nextDouble()) / restarts));
                await("the crawler to reach record " + point, Scenarios.PROCESSED,
                        () -> crawler.sent() >= point || crawler.done());
                FaultRun.Event stopping = run.event("broker stop at record " + crawler.sent());
                BROKER.broker().stop();
                run.event("broker stopped");
                // Down for a seeded 2-5 s. The crawler cannot help measure it: its producer blocks on metadata.
                long downUntil = stopping.at() + 2000 + random.nextInt(3000);
                await("the outage to last until " + downUntil, Duration.ofSeconds(10),
                        () -> System.currentTimeMillis() >= downUntil);
                FaultRun.Event starting = run.event("broker start (same ports, same data)");
                BROKER.broker().start();
                FaultRun.Event ready = run.event("broker ready");
                outages.add(new long[] {stopping.at(), starting.at(), ready.at()});
                run.fleet().awaitAllRunning(Scenarios.START);
                run.event("all instances RUNNING (" + run.fleet().states() + ")");
            }
            crawler.awaitDone(Scenarios.PROCESSED);
            run.event("crawler done");
            run.awaitProcessed(Scenarios.PROCESSED);
            FaultRun.Verdict verdict = run.verify(null, Scenarios.READ);

            Map<String, Object> figures = new LinkedHashMap<>();
            List<String> perRestart = new ArrayList<>();
            for (int i = 0; i < outages.size(); i++) {
                long[] o = outages.get(i);
                long first = verdict.timeline().firstOutputAtOrAfter(o[1]);
                long all = verdict.timeline().allPartitionsResumedAfter(o[1]);
                long until = i + 1 < outages.size() ? outages.get(i + 1)[0] : o[2] + 60_000;
                perRestart.add("restart " + (i + 1) + ": broker down " + seconds(o[1] - o[0]) + " s (stop call to "
                        + "start call), ready " + seconds(o[2] - o[1]) + " s after start; time to recover (broker "
                        + "start → first output) " + (first < 0 ? "never" : seconds(first - o[1]) + " s")
                        + ", every partition's output resumed after " + (all < 0 ? "never" : seconds(all - o[1])
                        + " s") + "; longest stall of all output " + seconds(verdict.timeline()
                        .longestStall(o[0], until)) + " s");
            }
            figures.put("per_restart", perRestart);
            List<String> transitions = new ArrayList<>();
            for (EnricherProcess p : run.fleet().instances()) {
                transitions.add(p.name() + " (incarnation " + p.incarnation() + "): " + p.transitions().stream()
                        .map(t -> String.format("t+%.1fs %s->%s", (t.at() - run.startedAt()) / 1000.0, t.from(),
                                t.to())).toList());
            }
            figures.put("instance_states", transitions);
            figures.put("produce_duration_s", seconds(crawler.finishedAt() - crawler.startedAt()));
            boolean untouched = run.fleet().instances().stream()
                    .allMatch(p -> p.alive() && p.incarnation() == 1);
            Reconciliation r = verdict.reconciliation();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("instances", 2);
            settings.put("articles", articles);
            settings.put("rate_records_per_s", rate);
            settings.put("session.timeout.ms", Scenarios.sessionLabel(0));
            run.report("broker stop/start mid-stream, same ports and data; enricher not restarted", verdict,
                    r.clean() && untouched, "missing = duplicated = unexpected = malformed = 0, and every instance "
                            + "alive in its first incarnation", figures, settings);

            assertThat(r.crawlerFailures()).isEmpty();
            assertThat(untouched).as("every instance recovered by itself: " + run.fleet().states()).isTrue();
            assertThat(r.clean()).as(r.summary()).isTrue();
            for (EnricherProcess p : run.fleet().instances()) {
                assertThat(p.stop(Duration.ofSeconds(60))).as(p.name() + " exit code on SIGTERM").isZero();
            }
        }
    }
}
