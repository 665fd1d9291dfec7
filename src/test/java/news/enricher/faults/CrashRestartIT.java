package news.enricher.faults;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * Scenario 1: three enricher JVMs over a 6-partition raw topic while the crawler produces; one instance at a time
 * is kill -9'd at seeded random points of the stream and restarted with the same state directory.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class CrashRestartIT {

    @RegisterExtension
    static final FaultBroker BROKER = new FaultBroker();

    @Test
    void exactlyOnceLosesAndDuplicatesNothingWhileInstancesAreKilledAndRestarted() throws Exception {
        FaultRun.Verdict verdict = crashAndRestart("crash-restart-eos", StreamsConfig.EXACTLY_ONCE_V2,
                "missing = duplicated = unexpected = malformed = 0, and the final trend counts equal those of the"
                        + " latest versions on the themed topics");

        Reconciliation r = verdict.reconciliation();
        assertThat(r.crawlerFailures()).isEmpty();
        assertThat(r.clean()).as(r.summary()).isTrue();
        assertThat(trendDifferences).as("trend counts against the themed topics").isEmpty();
    }

    @Test
    void atLeastOnceLosesNothingWhileInstancesAreKilledAndRestartedThoughItMayDuplicate() throws Exception {
        FaultRun.Verdict verdict = crashAndRestart("crash-restart-alos", StreamsConfig.AT_LEAST_ONCE,
                "missing = 0 (duplicates are at-least-once's documented behaviour and are reported)");

        Reconciliation r = verdict.reconciliation();
        assertThat(r.crawlerFailures()).isEmpty();
        assertThat(r.missing()).as(r.summary()).isZero();
    }

    /** One kill -9: the victim, when it was killed, and when every instance was RUNNING again after its restart. */
    private record Kill(EnricherProcess victim, long at, long back) {
    }

    /**
     * What one kill cost, in milliseconds; not measurable when no input came after it (a stall shows only while
     * records wait).
     */
    private record Failover(long running, long partitionStall, long outputStall, long appendStall,
                            boolean measurable) {
    }

    /** Set by the exactly-once run: how the final trend counts differ from those the themed topics imply. */
    private List<String> trendDifferences;

    private FaultRun.Verdict crashAndRestart(String scenario, String guarantee, String assertion) throws Exception {
        int articles = FaultSettings.size("crash.articles", 3000, 50_000);
        int kills = FaultSettings.size("crash.kills", 2, 6);
        int rate = FaultSettings.size("crash.rate", 120, 250);
        // 0 = the product's default; the fast variant keeps CI short with a shorter session.
        int sessionMs = FaultSettings.size("crash.session-timeout-ms", 6000, 0);
        // 0 = down for a seeded 1-3 s of input; more keeps the killed instance away past its session and its
        // transaction's timeout, as when a machine is lost: the others take its tasks over without its help.
        int downSeconds = FaultSettings.size("crash.down-s", 0, 0);
        boolean staticMembership = Boolean.parseBoolean(
                System.getProperty("faults.crash.static-membership", "false"));
        long seed = FaultSettings.seed();
        // Settings to measure against the product's, e.g. -Dfaults.crash.set=max.poll.interval.ms=10000,k=v
        Map<String, String> instanceSettings = new LinkedHashMap<>(Scenarios.session(sessionMs));
        String extra = System.getProperty("faults.crash.set", "");
        for (String pair : extra.split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                instanceSettings.put(kv[0].trim(), kv[1].trim());
            }
        }
        try (FaultRun run = new FaultRun(scenario, BROKER.broker(), guarantee, instanceSettings,
                staticMembership);
             LiveProgress live = new LiveProgress(run.config())) {
            run.provision(Scenarios.TABLE);
            List<RawRecord> plan = new ArticleGenerator(seed, scenario, Scenarios.TABLE,
                    ArticleGenerator.Mix.standard(FaultSettings.size("crash.waves", 3, 8))).plan(articles);
            for (int i = 0; i < 3; i++) {
                run.fleet().add().start();
            }
            run.fleet().awaitAllRunning(Scenarios.START);
            run.event("3 instances RUNNING");

            Crawler crawler = run.crawl(plan, rate);
            Random random = new Random(seed + guarantee.hashCode());
            List<Integer> points = new ArrayList<>();
            for (int k = 0; k < kills; k++) {
                points.add((int) (plan.size() * (0.08 + 0.8 * random.nextDouble())));
            }
            points.sort(null);
            List<Kill> recoveries = new ArrayList<>();
            for (int point : points) {
                await("the crawler to reach record " + point, Scenarios.PROCESSED,
                        () -> crawler.sent() >= point || crawler.done());
                List<EnricherProcess> alive = run.fleet().alive();
                EnricherProcess victim = alive.get(random.nextInt(alive.size()));
                int at = crawler.sent();
                victim.kill();
                FaultRun.Event killed = run.event("kill -9 " + victim.name() + " at record " + at);
                // Down for a while of input, measured in records sent, then restarted on the same state dir.
                double seconds = 1 + 2 * random.nextDouble();
                int downFor = (int) (rate * (downSeconds > 0 ? downSeconds : seconds));
                await("the crawler to send " + downFor + " more records", Scenarios.PROCESSED,
                        () -> crawler.sent() >= at + downFor || crawler.done());
                victim.start();
                run.event("restart " + victim.name() + " (incarnation " + victim.incarnation() + ")");
                run.fleet().awaitAllRunning(Scenarios.START);
                FaultRun.Event back = run.event("all instances RUNNING again");
                recoveries.add(new Kill(victim, killed.at(), back.at()));
            }
            crawler.awaitDone(Scenarios.PROCESSED);
            run.event("crawler done");
            run.awaitProcessed(Scenarios.PROCESSED);
            live.close();
            FaultRun.Verdict verdict = run.verify(null, Scenarios.READ);
            Map<String, List<Long>> expectedTrends = TrendReconciliation.expected(run.config(), Scenarios.READ);
            java.util.concurrent.atomic.AtomicReference<List<String>> differences =
                    new java.util.concurrent.atomic.AtomicReference<>(List.of("not read yet"));
            if (guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
                // The counts follow the copies by a commit interval or two: poll until they settle or the deadline.
                try {
                    await("the trend counts to match the themed topics", Scenarios.READ, () -> {
                        try {
                            differences.set(TrendReconciliation.differences(expectedTrends,
                                    TrendReconciliation.published(run.config(), Scenarios.READ)));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return differences.get().isEmpty();
                    });
                } catch (AssertionError timedOut) {
                    // Reported below and asserted by the test, with the differences rather than the timeout.
                }
                trendDifferences = differences.get();
            }

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("kills", recoveries.size());
            List<String> perKill = new ArrayList<>();
            List<Failover> failovers = new ArrayList<>();
            long bound = (sessionMs > 0 ? sessionMs : Scenarios.productSessionTimeoutMs()) + 5_000L;
            boolean exactlyOnce = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2);
            for (int i = 0; i < recoveries.size(); i++) {
                Kill k = recoveries.get(i);
                long until = i + 1 < recoveries.size() ? recoveries.get(i + 1).at() : k.back() + 120_000;
                Restores restored = Restores.of(k.victim().log()).between(k.at(), until);
                Restores others = new Restores(run.fleet().instances().stream().filter(p -> p != k.victim())
                        .flatMap(p -> Restores.of(p.log()).between(k.at(), until).all().stream()).toList());
                LiveProgress.Gap partitionGap = live.longestPartitionGap(k.at(), until);
                LiveProgress.Gap outputGap = live.longestOutputGap(k.at(), until);
                Failover f = new Failover(k.back() - k.at(), partitionGap.millis(), outputGap.millis(),
                        verdict.timeline().longestStall(k.at(), until), k.at() < crawler.finishedAt());
                failovers.add(f);
                perKill.add("kill " + (i + 1) + " (" + k.victim().name() + " at t+" + seconds(k.at() - run.startedAt())
                        + "s): all instances RUNNING after " + seconds(f.running()) + " s; longest stall of one raw"
                        + " partition's committed offset " + seconds(f.partitionStall()) + " s (partition "
                        + partitionGap.partition() + ", t+" + seconds(partitionGap.from() - run.startedAt()) + "s to t+"
                        + seconds(partitionGap.to() - run.startedAt()) + "s); longest time a read_committed reader of"
                        + " all output got nothing " + seconds(f.outputStall()) + " s (t+"
                        + seconds(outputGap.from() - run.startedAt()) + "s to t+" + seconds(outputGap.to()
                        - run.startedAt()) + "s; by broker append time " + seconds(f.appendStall())
                        + " s); the restarted instance restored " + restored.describe() + ", the others "
                        + others.describe() + (!exactlyOnce ? "" : "; output resumed within the bound: "
                        + (!f.measurable() ? "not measured (the crawler had sent everything before this kill)"
                        : Math.max(f.partitionStall(), f.outputStall()) <= bound ? "yes" : "NO")));
            }
            List<Failover> measured = failovers.stream().filter(Failover::measurable).toList();
            figures.put("failover_bound", !exactlyOnce
                    ? "not evaluated: under at-least-once offsets commit every commit.interval.ms, so a raw"
                            + " partition's committed offset does not follow its output"
                    : "session.timeout.ms + 5 s = " + seconds(bound) + " s; " + measured.stream()
                            .filter(f -> Math.max(f.partitionStall(), f.outputStall()) <= bound).count() + " of "
                            + measured.size() + " measured kills within it (reported, not asserted: see the README)");
            figures.put("progress_samples", live.samples());
            figures.put("per_kill", perKill);
            if (trendDifferences != null) {
                figures.put("trend_counts", expectedTrends.size() + " (theme, ticker, window) counts, "
                        + trendDifferences.size() + " different from the themed topics"
                        + (trendDifferences.isEmpty() ? "" : ": " + trendDifferences.subList(0,
                        Math.min(5, trendDifferences.size()))));
            }
            figures.put("produce_duration_s", seconds(crawler.finishedAt() - crawler.startedAt()));
            List<String> exits = new ArrayList<>();
            for (EnricherProcess p : run.fleet().alive()) {
                exits.add(p.name() + " exit " + p.stop(java.time.Duration.ofSeconds(60)) + " on SIGTERM");
            }
            figures.put("graceful_stop", exits);
            boolean passed = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)
                    ? verdict.reconciliation().clean() && trendDifferences.isEmpty()
                    : verdict.reconciliation().missing() == 0 && verdict.reconciliation().crawlerFailures().isEmpty();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("instances", 3);
            settings.put("raw_partitions", 6);
            settings.put("articles", articles);
            settings.put("rate_records_per_s", rate);
            settings.put("session.timeout.ms", Scenarios.sessionLabel(sessionMs));
            settings.put("down_for", downSeconds > 0 ? downSeconds + " s of input" : "a seeded 1-3 s of input");
            if (!extra.isBlank()) {
                settings.put("overrides", extra);
            }
            settings.put("group.instance.id", staticMembership ? "the instance's name (static membership)"
                    : "unset (dynamic members)");
            settings.put("progress_sampled_every_ms", LiveProgress.SAMPLE_MS);
            settings.put("commit.interval.ms", "product default (" + (guarantee.equals(StreamsConfig.AT_LEAST_ONCE)
                    ? "30000" : "100") + ")");
            run.report("kill -9 and restart of enricher instances mid-stream (" + guarantee + ")", verdict, passed,
                    assertion, figures, settings);
            return verdict;
        }
    }
}
