package news.enricher.bench;

import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerCsv;
import news.enricher.reference.TickerRow;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code bench}: throughput, latency and memory of the enricher against what the broker itself moves, in one run
 * against one embedded broker. See {@link BenchReport} for what is reported.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the enricher against an embedded broker: preloads generated articles, runs a plain "
                + "consume-produce pipe, a pipe that writes the same bytes as the enricher, the same bytes written by "
                + "Kafka Streams without enriching, and the real service with "
                + "trends off and on, on the same input (at-least-once and exactly-once), then produce-to-visible "
                + "latency at fixed rates. "
                + "Writes target/bench/result.json and result.md; exits non-zero unless every leg completes.",
                "Not part of the test suite; several minutes on 2 cores with the defaults, more with --repeat."})
public final class BenchCommand implements Callable<Integer> {

    static final String PIPE_ALOS = "pipe-alos";
    static final String SAME_ALOS = "same-alos";
    static final String STREAMS_ALOS = "streams-alos";
    static final String ENRICH_ALOS = "enrich-alos";
    static final String TRENDS_ALOS = "trends-alos";
    static final String PIPE_EOS = "pipe-eos";
    static final String SAME_EOS = "same-eos";
    static final String STREAMS_EOS = "streams-eos";
    static final String ENRICH_EOS = "enrich-eos";
    static final String TRENDS_EOS = "trends-eos";
    static final String LATENCY = "latency";
    /** Every leg, in the default order: each trends leg right after its trends-off leg, so rounds interleave them. */
    static final List<String> ALL_LEGS = List.of(PIPE_ALOS, SAME_ALOS, STREAMS_ALOS, ENRICH_ALOS, TRENDS_ALOS,
            PIPE_EOS, SAME_EOS, STREAMS_EOS, ENRICH_EOS, TRENDS_EOS, LATENCY);

    private static final String RAW_TOPIC = "bench.raw";
    private static final String REFERENCE_TOPIC = "bench.reference";
    private static final String WARM_UP_TOPIC = "bench.warmup.raw";
    private static final Duration STALL = Duration.ofSeconds(60);
    /**
     * Steady-state throughput leaves out the first tenth of a leg's output: the leg JVM's JIT compilation (tens of
     * CPU seconds for Kafka Streams, Jackson and RocksDB) is a start-up cost, not a rate.
     */
    static final double WARM_UP_SHARE = 0.1;

    @Option(names = "--articles", paramLabel = "N", defaultValue = "200000",
            description = "Articles preloaded into the raw topic (default: ${DEFAULT-VALUE}).")
    int articles;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "-1",
            description = "Articles each leg JVM processes (on other topics) before its measured phase, so that both "
                    + "the pipe and the enricher are measured JIT-compiled; -1 (default) = a tenth of --articles, at "
                    + "most 20,000; 0 = none.")
    int warmUp;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
            description = "Partitions of every topic (default: ${DEFAULT-VALUE}, the enricher's default).")
    int partitions;

    @Option(names = "--seed", defaultValue = "20261124", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--legs", split = ",", paramLabel = "LEG",
            description = "Legs to run, in order (default: pipe-alos,same-alos,streams-alos,enrich-alos,trends-alos,"
                    + "pipe-eos,same-eos,streams-eos,enrich-eos,trends-eos,latency). streams-* write the same bytes "
                    + "through Kafka Streams with the enricher's settings and no enrichment; enrich-* run the service "
                    + "with trends off, trends-* with trends on; the latency leg runs it as the settings say (trends "
                    + "on by default).")
    List<String> legs = new ArrayList<>(ALL_LEGS);

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Rounds of the throughput legs, interleaved (every leg in order, then every leg again, ...), "
                    + "each leg in a fresh JVM; ratios are reported as the median and spread across rounds "
                    + "(default: ${DEFAULT-VALUE}). The latency leg runs once, after the last round.")
    int repeat;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting for every leg, as in the enricher's properties file (repeatable), e.g. "
                    + "--set producer.compression.type=none --set num.stream.threads=2; except "
                    + "enricher.trends.enabled, which the enrich-* and trends-* legs set themselves.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--worker-heap", defaultValue = "256m",
            description = "-Xmx of the JVM each leg runs in (default: ${DEFAULT-VALUE}).")
    String workerHeap;

    @Option(names = "--worker-jvm-option", paramLabel = "OPTION",
            description = "Extra JVM option for the leg JVMs (repeatable).")
    List<String> workerJvmOptions = new ArrayList<>();

    @Option(names = "--jfr", description = "Record a JFR profile of every leg JVM into the output directory.")
    boolean jfr;

    @Option(names = "--latency-seconds", defaultValue = "20",
            description = "Length of each fixed-rate latency phase (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--latency-rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Rate of the high latency phase; 0 (default) = half the exactly-once enricher's measured "
                    + "peak.")
    double latencyRate;

    @Option(names = "--leg-timeout", defaultValue = "PT5M",
            description = "Longest a throughput leg may take (default: ${DEFAULT-VALUE}).")
    Duration legTimeout;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Broker data directory (default: a temporary directory, deleted at the end).")
    Path dataDir;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
            description = "Where result.json, result.md, logs and profiles go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Spec
    CommandSpec spec;

    private PrintWriter console;
    private final List<WorkerProcess> workers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        console = spec.commandLine().getOut();
        for (String leg : legs) {
            if (!ALL_LEGS.contains(leg)) {
                throw new IllegalArgumentException("Unknown leg '" + leg + "'; legs are " + ALL_LEGS);
            }
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, was " + repeat);
        }
        if (legs.contains(LATENCY) && latencyRate <= 0) {
            String peakLeg = latencyPeakLeg(EnricherConfig.defaults().with(settings).trendsEnabled());
            if (!legs.contains(peakLeg)) {
                // Half the peak of a service configured otherwise would saturate (or idle) the one measured.
                throw new IllegalArgumentException("The latency leg's rate is half the peak of " + peakLeg
                        + ", the same service: add that leg, give --latency-rate, or set enricher.trends.enabled "
                        + "to match a leg that runs");
            }
        }
        Files.createDirectories(out.resolve("logs"));
        Path work = Files.createTempDirectory("news-enricher-bench");
        Thread cleanup = new Thread(() -> workers.forEach(WorkerProcess::close), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        BenchReport report = new BenchReport(articles, partitions, seed, workerHeap, settings);
        report.expect(throughputLegs(), repeat, legs.contains(LATENCY));
        try {
            run(report, work);
        } catch (Exception e) {
            // Still write what was measured; the report names the legs that never ran, and the exit code fails.
            report.aborted(e.toString());
            progress("Stopped: %s", e);
        } finally {
            workers.forEach(WorkerProcess::close);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            deleteTree(work);
        }
        report.finish();
        Files.writeString(out.resolve("result.json"), report.json(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("result.md"), report.markdown(), StandardCharsets.UTF_8);
        console.println();
        console.println(report.table());
        console.printf("Written to %s and %s%n", out.resolve("result.json"), out.resolve("result.md"));
        console.flush();
        return report.passed() ? 0 : 1;
    }

    private List<String> throughputLegs() {
        return legs.stream().filter(l -> !l.equals(LATENCY)).toList();
    }

    private void run(BenchReport report, Path work) throws Exception {
        List<TickerRow> tickers = tickers();
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder()
                // Each leg's output is deleted after the leg; free the disk at once rather than after a minute.
                .brokerProperty("log.segment.delete.delay.ms", "1000");
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        try (EmbeddedKafkaBroker broker = builder.build()) {
            broker.start();
            progress("Embedded broker at %s; machine: %d cores, %s, load %.2f", broker.bootstrapServers(),
                    Machine.cores(), Machine.jvm(), Machine.load1());
            EnricherConfig base = EnricherConfig.defaults().with(settings).with(Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    EnricherConfig.RAW_TOPIC, RAW_TOPIC,
                    EnricherConfig.REFERENCE_TOPIC, REFERENCE_TOPIC,
                    EnricherConfig.TOPIC_PARTITIONS, String.valueOf(partitions),
                    EnricherConfig.HTTP_ENABLED, "false"));
            try (BenchCluster cluster = new BenchCluster(base.clientProperties())) {
                cluster.createSharedTopics(legConfig(base, "setup", StreamsConfig.AT_LEAST_ONCE, false, work));

                new ReferenceTopicWriter(base.clientProperties(), REFERENCE_TOPIC).write(tickers, false);
                progress("Loaded %,d reference tickers; generating and preloading %,d articles", tickers.size(),
                        articles);
                Preload.Totals totals;
                boolean trendLegs = throughputLegs().stream().anyMatch(leg -> BenchReport.runsOf(leg).trends());
                TrendKeyFloor floor = trendLegs ? new TrendKeyFloor(base, tickers, System.currentTimeMillis()) : null;
                // Every record goes through the real topology offline first, in the order it is sent.
                try (OutputPlan.Planner planner = OutputPlan.offline(base, tickers)) {
                    totals = Preload.run(base.clientProperties(), RAW_TOPIC,
                            new ArticleGenerator(tickers, seed, ArticleGenerator.Mix.DEFAULT, "bench"), articles,
                            planner, n -> progress("  %,d articles planned and preloaded", n),
                            floor == null ? value -> { } : floor::add);
                }
                report.preload(totals);
                if (floor != null) {
                    report.trendKeyFloor(floor.articles(), floor.distinctKeys());
                    progress("Trends: the articles make %,d distinct (theme, ticker, window) keys, %.1f per article: "
                            + "the fewest trend records any counting of them can publish", floor.distinctKeys(),
                            (double) floor.distinctKeys() / articles);
                }
                progress("Preloaded %,d articles (%.0f MB) in %.1f s: %,d themed copies, %,d dead letters, %,d "
                                + "unknown-ticker sightings, %,d changelog records expected", totals.records(),
                        totals.bytes() / 1e6, totals.seconds(), totals.themedCopies(), totals.deadLetters(),
                        totals.sightings(), totals.changelog());
                int warmUpArticles = warmUp >= 0 ? warmUp : Math.min(20_000, articles / 10);
                Preload.Totals warmUpTotals = null;
                if (warmUpArticles > 0) {
                    cluster.createSharedTopics(legConfig(base, "setup-warmup", StreamsConfig.AT_LEAST_ONCE, false, work)
                            .with(EnricherConfig.RAW_TOPIC, WARM_UP_TOPIC));
                    try (OutputPlan.Planner planner = OutputPlan.offline(
                            base.with(EnricherConfig.RAW_TOPIC, WARM_UP_TOPIC), tickers)) {
                        warmUpTotals = Preload.run(base.clientProperties(), WARM_UP_TOPIC,
                                new ArticleGenerator(tickers, seed + 2, ArticleGenerator.Mix.DEFAULT, "warmup"),
                                warmUpArticles, planner, n -> { });
                    }
                    progress("Preloaded %,d warm-up articles into %s", warmUpArticles, WARM_UP_TOPIC);
                }
                report.warmUp(warmUpArticles);

                for (int round = 1; round <= repeat; round++) {
                    for (String leg : throughputLegs()) {
                        report.leg(throughputLeg(cluster, base, leg, round, totals, warmUpTotals, work));
                    }
                }
                if (legs.contains(LATENCY)) {
                    latencyLeg(cluster, base, tickers, report, warmUpTotals, work);
                }
            }
        }
    }

    private BenchReport.Leg throughputLeg(BenchCluster cluster, EnricherConfig base, String leg, int round,
                                          Preload.Totals totals, Preload.Totals warmUpTotals, Path work)
            throws IOException {
        BenchReport.Runs runs = BenchReport.runsOf(leg);
        String guarantee = BenchReport.guaranteeOf(leg);
        // Each round gets its own topics, application ids and files: a topic deleted a moment ago may still exist.
        String run = repeat == 1 ? leg : leg + "-r" + round;
        // The trends-off enricher writes what the plan predicts and the same-bytes pipe writes; the pipes count none.
        boolean trends = runs.trends();
        EnricherConfig config = legConfig(base, run, guarantee, trends, work);
        List<String> themed = cluster.createLegTopics(config);
        EnricherConfig warmUpConfig = warmUpTotals == null ? null
                : legConfig(base, "warmup-" + run, guarantee, trends, work)
                        .with(EnricherConfig.RAW_TOPIC, WARM_UP_TOPIC);
        List<String> warmUpThemed = warmUpConfig == null ? List.of() : cluster.createLegTopics(warmUpConfig);
        if (runs == BenchReport.Runs.SAME_BYTES) {
            // Kafka Streams creates the enricher's changelog itself; the same-bytes pipe gets its counterpart here.
            cluster.createChangelogTopic(config, OutputPlan.changelogTopic(config));
            if (warmUpConfig != null) {
                cluster.createChangelogTopic(warmUpConfig, OutputPlan.changelogTopic(warmUpConfig));
            }
        }
        double load = Machine.load1();
        progress("Leg %s%s (%s, %s): %,d articles from %s%s", leg, repeat == 1 ? "" : " round " + round + "/" + repeat,
                runs.label, guarantee, totals.records(), RAW_TOPIC, warmUpTotals == null ? ""
                        : String.format(" after a warm-up on %,d others", warmUpTotals.records()));

        WorkerProcess worker = startWorker(run, config, switch (runs) {
            case PIPE -> BenchWorker.MODE_PIPE;
            case SAME_BYTES -> BenchWorker.MODE_SAME_BYTES;
            case STREAMS_SAME_BYTES -> BenchWorker.MODE_STREAMS_SAME_BYTES;
            case ENRICHER, TRENDS -> BenchWorker.MODE_ENRICH;
        }, work, warmUpConfig);
        BenchReport.Leg result = new BenchReport.Leg(leg, round, guarantee, load);
        try {
            if (warmUpConfig != null) {
                long first = worker.awaitFirst(Duration.ofMinutes(2));
                awaitComplete(cluster, warmUpConfig, warmUpThemed, warmUpTotals, runs, worker, first);
                worker.next();
            }
            long first = worker.awaitFirst(Duration.ofMinutes(2));
            long brokerCpu = MemoryWatch.processCpuNanos();
            double machineCpu = Machine.busyCpuSeconds();
            long[] times = awaitComplete(cluster, config, themed, totals, runs, worker, first);
            result.timing(first, times[0], times[1], (MemoryWatch.processCpuNanos() - brokerCpu) / 1e9,
                    Machine.busyCpuSeconds() - machineCpu, Machine.load1());
            worker.end();
            result.totals(totals);
            verify(cluster, config, themed, result);
            result.worker(worker.finish(Duration.ofMinutes(2)));
            progress("  %s: %.1f s, %,.0f articles/s (steady state %,.0f/s), %.1f MB/s in%s", run, result.seconds(),
                    result.articlesPerSecond(), result.steadyArticlesPerSecond(), result.mbInPerSecond(),
                    result.verdict());
        } catch (RuntimeException e) {
            result.failed(e.getMessage());
            progress("  %s FAILED: %s (log: %s)", run, e.getMessage(), worker.log());
            worker.close();
        } finally {
            workers.remove(worker);
            List<String> all = withFixed(themed, config);
            all.remove(RAW_TOPIC);
            all.remove(REFERENCE_TOPIC);
            cluster.deleteTopics(all, config.applicationId() + "-");
            deleteWarmUpTopics(cluster, warmUpConfig, warmUpThemed);
        }
        return result;
    }

    /** The warm-up's output and internal topics; its input and the reference table stay for the next leg. */
    private static void deleteWarmUpTopics(BenchCluster cluster, EnricherConfig warmUpConfig, List<String> themed) {
        if (warmUpConfig == null) {
            return;
        }
        List<String> warm = withFixed(themed, warmUpConfig);
        warm.remove(WARM_UP_TOPIC);
        warm.remove(REFERENCE_TOPIC);
        cluster.deleteTopics(warm, warmUpConfig.applicationId() + "-");
    }

    /**
     * Waits until a leg's output is complete: under at-least-once when the log end offsets of its output topics
     * reach what the plan expects, under exactly-once when its consumer group has committed the whole input (its
     * transactions, and with them the output, are then committed). Returns when the first tenth of the output was
     * out and when all of it was. Trend counts are not waited for: how many records they make depends on the commit
     * timing, so no plan predicts them; {@link #verify} checks that they come.
     */
    private long[] awaitComplete(BenchCluster cluster, EnricherConfig config, List<String> themed,
                                 Preload.Totals totals, BenchReport.Runs runs, WorkerProcess worker, long first) {
        String guarantee = config.processingGuarantee();
        List<String> outputs = new ArrayList<>(themed);
        outputs.add(config.deadLetterTopic());
        long expected = totals.themedCopies() + totals.deadLetters();
        if (runs != BenchReport.Runs.PIPE) {
            outputs.add(config.unknownTickersTopic());
            outputs.add(OutputPlan.changelogTopic(config));
            expected += totals.sightings() + totals.changelog();
        }
        long deadline = System.currentTimeMillis() + legTimeout.toMillis();
        long lastProgress = -1;
        long lastProgressAt = System.currentTimeMillis();
        long warm = -1;
        while (true) {
            boolean done = StreamsConfig.AT_LEAST_ONCE.equals(guarantee)
                    ? cluster.endOffsetSum(outputs) >= expected
                    : cluster.groupCaughtUp(config.applicationId(), config.rawTopic());
            long now = System.currentTimeMillis();
            if (done) {
                return new long[] {warm < 0 ? first : warm, now};
            }
            long published = cluster.endOffsetSum(outputs);
            if (warm < 0 && published >= expected * WARM_UP_SHARE) {
                warm = now;
            }
            if (published != lastProgress) {
                lastProgress = published;
                lastProgressAt = now;
            }
            if (!worker.isAlive() || worker.fatal() != null) {
                throw new IllegalStateException("the worker failed: " + (worker.fatal() != null ? worker.fatal()
                        : "exited, see " + worker.log()));
            }
            if (now > deadline || now - lastProgressAt > STALL.toMillis()) {
                throw new IllegalStateException("no complete output after " + (now - first) / 1000
                        + " s (" + published + " of " + expected + " outputs)");
            }
            sleep(25);
        }
    }

    /**
     * Counts what the leg published: committed records under exactly-once, log end offsets under at-least-once.
     * Sightings and changelog records are counted for the legs that write them (the enricher's changelog is Kafka
     * Streams' own, the same-bytes pipe's its counterpart of the same name). Of a trends leg's output beyond that,
     * only the trends topic is checked, for not being empty: its record count and the other stores' changelogs
     * depend on when commits fall.
     */
    private void verify(BenchCluster cluster, EnricherConfig config, List<String> themed, BenchReport.Leg result) {
        String changelog = OutputPlan.changelogTopic(config);
        boolean everything = result.writesEverything();
        boolean trends = result.countsTrends();
        boolean exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(config.processingGuarantee());
        long trendRecords = trends ? awaitTrends(cluster, config, exactlyOnce) : -1;
        long themedCount;
        long deadLetters;
        long sightings;
        long changelogCount = -1;
        long outBytes = -1;
        if (!exactlyOnce) {
            themedCount = cluster.endOffsetSum(themed);
            deadLetters = cluster.endOffsetSum(List.of(config.deadLetterTopic()));
            sightings = cluster.endOffsetSum(List.of(config.unknownTickersTopic()));
            if (everything) {
                changelogCount = cluster.endOffsetSum(List.of(changelog));
            }
        } else {
            List<String> all = new ArrayList<>(themed);
            all.add(config.deadLetterTopic());
            all.add(config.unknownTickersTopic());
            if (everything) {
                all.add(changelog);
            }
            BenchCluster.Count count = cluster.countCommitted(all, Duration.ofMinutes(3));
            themedCount = themed.stream().mapToLong(t -> count.records().getOrDefault(t, 0L)).sum();
            deadLetters = count.records().getOrDefault(config.deadLetterTopic(), 0L);
            sightings = count.records().getOrDefault(config.unknownTickersTopic(), 0L);
            if (everything) {
                changelogCount = count.records().getOrDefault(changelog, 0L);
            }
            outBytes = count.valueBytes();
        }
        result.counted(themedCount, deadLetters, sightings, changelogCount, trendRecords, outBytes);
    }

    /**
     * Waits for the first trend counts of a trends leg and returns how many records its trends topic holds
     * (committed ones under exactly-once), or 0 if none came in time. The combiner sends its shares once per commit
     * interval and the counting publishes them at its next commit, so under at-least-once (30 s commits) the first
     * counts can come up to two intervals after the start, later than a short leg's last themed copy.
     */
    private long awaitTrends(BenchCluster cluster, EnricherConfig config, boolean exactlyOnce) {
        List<String> topic = List.of(config.trendsTopic());
        long deadline = System.currentTimeMillis() + 3 * BaselinePipe.commitIntervalMs(config) + 30_000;
        while (true) {
            long records = exactlyOnce ? cluster.countCommitted(topic, Duration.ofMinutes(1)).total()
                    : cluster.endOffsetSum(topic);
            if (records > 0 || System.currentTimeMillis() > deadline) {
                return records;
            }
            sleep(200);
        }
    }

    /** The throughput leg that runs the service as the latency leg does, whose peak sets the latency leg's rate. */
    static String latencyPeakLeg(boolean trends) {
        return trends ? TRENDS_EOS : ENRICH_EOS;
    }

    private void latencyLeg(BenchCluster cluster, EnricherConfig base, List<TickerRow> tickers, BenchReport report,
                            Preload.Totals warmUpTotals, Path work) throws IOException {
        String leg = LATENCY;
        // The service as the settings say, trends on by default; its half peak comes from the leg that ran it so.
        boolean trends = base.trendsEnabled();
        EnricherConfig config = legConfig(base, leg, StreamsConfig.EXACTLY_ONCE_V2, trends, work)
                .with(EnricherConfig.RAW_TOPIC, "bench.latency.raw");
        double peak = report.peak(latencyPeakLeg(trends));
        double high = latencyRate > 0 ? latencyRate : peak / 2;
        List<String> themed = cluster.createLegTopics(config);
        double load = Machine.load1();
        progress("Leg latency (enricher, trends %s, exactly_once_v2, read_committed): 1,000/s%s, %d s each",
                trends ? "on" : "off", high > 0 ? String.format(" and %,.0f/s", high) : "", latencySeconds);
        EnricherConfig warmUpConfig = warmUpTotals == null ? null
                : legConfig(base, "warmup-" + leg, StreamsConfig.EXACTLY_ONCE_V2, trends, work)
                        .with(EnricherConfig.RAW_TOPIC, WARM_UP_TOPIC);
        List<String> warmUpThemed = warmUpConfig == null ? List.of() : cluster.createLegTopics(warmUpConfig);
        WorkerProcess worker = startWorker(leg, config, BenchWorker.MODE_ENRICH, work, warmUpConfig);
        BenchReport.Latency result = new BenchReport.Latency(load,
                BaselinePipe.commitIntervalMs(config), high > 0 && latencyRate <= 0);
        try (LatencyProbe probe = new LatencyProbe(base.clientProperties(), config.rawTopic(), themed,
                new ArticleGenerator(tickers, seed + 1, ArticleGenerator.Mix.CLEAN, "latency"))) {
            if (warmUpConfig != null) {
                // JIT-compiled first, as in the throughput legs: the same enricher JVM works through the warm-up
                // articles at full speed, then starts its measured client.
                long first = worker.awaitFirst(Duration.ofMinutes(2));
                awaitComplete(cluster, warmUpConfig, warmUpThemed, warmUpTotals, BenchReport.Runs.ENRICHER,
                        worker, first);
                worker.awaitReady(Duration.ofMinutes(1));
                worker.next();
            }
            worker.awaitReady(Duration.ofMinutes(2));
            probe.start(cluster);
            Duration phase = Duration.ofSeconds(latencySeconds);
            Duration drain = Duration.ofSeconds(30);
            probe.run(0, "warm-up", 1000, Duration.ofSeconds(5), drain);
            result.phase(probe.run(1, "1,000/s", 1000, phase, drain));
            if (high > 0) {
                // Halfway through the phase, under load: a full GC in the worker tells what the heap really holds.
                Thread liveHeap = new Thread(() -> {
                    try {
                        Thread.sleep(phase.toMillis() / 2);
                        worker.probeLiveHeap();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "bench-live-heap");
                liveHeap.setDaemon(true);
                liveHeap.start();
                result.phase(probe.run(2, high == peak / 2 ? "half peak" : "--latency-rate", high, phase, drain));
            }
            worker.end();
            result.worker(worker.finish(Duration.ofMinutes(2)));
            result.phases().forEach(p -> progress("  %s (%,.0f/s): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max "
                            + "%.1f ms (%,d copies)", p.name(), p.ratePerSecond(), p.latency().p50Ms(),
                    p.latency().p99Ms(), p.latency().p999Ms(), p.latency().maxMs(), p.latency().count()));
        } catch (RuntimeException e) {
            result.failed(e.getMessage());
            progress("  latency FAILED: %s (log: %s)", e.getMessage(), worker.log());
            worker.close();
        } finally {
            workers.remove(worker);
            List<String> all = withFixed(themed, config);
            all.remove(REFERENCE_TOPIC);
            cluster.deleteTopics(all, config.applicationId() + "-");
            deleteWarmUpTopics(cluster, warmUpConfig, warmUpThemed);
        }
        report.latency(result);
    }

    private EnricherConfig legConfig(EnricherConfig base, String leg, String guarantee, boolean trends, Path work) {
        String prefix = "bench." + leg + ".";
        return base.with(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + leg + "-" + UUID.randomUUID().toString().substring(0, 8),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee,
                StreamsConfig.STATE_DIR_CONFIG, work.resolve("state-" + leg).toString(),
                EnricherConfig.DEAD_LETTER_TOPIC, prefix + "dlq",
                EnricherConfig.UNKNOWN_TICKERS_TOPIC, prefix + "unknown",
                EnricherConfig.THEME_TOPIC_PREFIX, prefix + "enriched.",
                EnricherConfig.TRENDS_ENABLED, String.valueOf(trends),
                EnricherConfig.TRENDS_TOPIC, prefix + "trends"));
    }

    private static List<String> withFixed(List<String> themed, EnricherConfig config) {
        List<String> all = new ArrayList<>(themed);
        all.add(config.rawTopic());
        all.add(config.referenceTopic());
        all.add(config.deadLetterTopic());
        all.add(config.unknownTickersTopic());
        if (config.trendsEnabled()) {
            all.add(config.trendsTopic());
        }
        return new ArrayList<>(all.stream().distinct().toList());
    }

    private WorkerProcess startWorker(String leg, EnricherConfig config, String mode, Path work,
                                      EnricherConfig warmUpConfig) throws IOException {
        Properties props = new Properties();
        props.putAll(config.asMap());
        props.put(BenchWorker.MODE, mode);
        if (warmUpConfig != null) {
            warmUpConfig.asMap().forEach((k, v) -> {
                if (!v.equals(config.asMap().get(k))) {
                    props.put(BenchWorker.WARM_UP_PREFIX + k, v);
                }
            });
        }
        Path file = work.resolve(leg + ".properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, "bench leg " + leg);
        }
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + workerHeap);
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename=" + out.resolve(leg + ".jfr").toAbsolutePath()
                    + ",settings=profile,dumponexit=true");
        }
        jvm.addAll(workerJvmOptions);
        WorkerProcess worker = WorkerProcess.start(leg, file, jvm, out.resolve("logs").resolve(leg + ".log"));
        workers.add(worker);
        return worker;
    }

    private static List<TickerRow> tickers() {
        Path file = Path.of("config", "tickers.csv");
        if (Files.isRegularFile(file)) {
            return TickerCsv.read(file);
        }
        InputStream bundled = BenchCommand.class.getResourceAsStream("/reference/tickers.csv");
        if (bundled == null) {
            throw new IllegalStateException("No reference table: config/tickers.csv is missing and the jar has none");
        }
        try (Reader in = new InputStreamReader(bundled, StandardCharsets.UTF_8)) {
            return TickerCsv.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void progress(String format, Object... args) {
        console.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
        console.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
