package news.enricher.faults;

import news.enricher.config.EnricherConfig;
import news.enricher.testkit.KafkaCluster;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static news.enricher.faults.Scenarios.seconds;
import static news.enricher.testkit.KafkaTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures of a replicated cluster: three KRaft nodes as separate JVMs (combined broker + controller, a quorum of
 * three voters), every topic with replication factor 3 and {@code min.insync.replicas=2}, three enricher JVMs under
 * exactly-once with one standby replica each. The scenarios run in order on the same cluster and the same enricher
 * group, each over its own stretch of the stream: a crawler sends its own articles, the fault happens mid-stream,
 * and once every raw record is processed, the output written since the stretch began is reconciled against what
 * that crawler got into Kafka.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedClusterIT {

    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final List<String> BROKER_JVM = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");
    private static final List<String> ENRICHER_JVM = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");

    private final int rate = FaultSettings.size("cluster.rate", 40, 100);
    /** How long the stream runs before the fault, and after the last recovery. */
    private final Duration leadIn = Duration.ofSeconds(FaultSettings.size("cluster.lead-in-s", 5, 15));
    private final Duration tail = Duration.ofSeconds(FaultSettings.size("cluster.tail-s", 10, 30));
    /** How long a killed broker stays down: longer than broker.session.timeout.ms (9 s), so leadership moves. */
    private final Duration downFor = Duration.ofSeconds(FaultSettings.size("cluster.down-s", 12, 20));
    private final Duration longDown = Duration.ofSeconds(FaultSettings.size("cluster.long-down-s", 45, 300));
    private final long seed = FaultSettings.seed();

    private KafkaCluster cluster;
    private FaultRun run;

    @BeforeAll
    void startTheClusterAndThreeEnrichers() throws Exception {
        Map<String, String> broker = new LinkedHashMap<>();
        broker.put("auto.create.topics.enable", "false");
        broker.put("message.max.bytes", String.valueOf(FaultBroker.MESSAGE_MAX_BYTES));
        broker.put("replica.fetch.max.bytes", String.valueOf(FaultBroker.MESSAGE_MAX_BYTES));
        broker.put("log.message.timestamp.type", "LogAppendTime");
        broker.put("offsets.topic.num.partitions", "6");
        broker.put("offsets.topic.replication.factor", "3");
        broker.put("transaction.state.log.num.partitions", "6");
        broker.put("transaction.state.log.replication.factor", "3");
        broker.put("transaction.state.log.min.isr", "2");
        broker.put("share.coordinator.state.topic.replication.factor", "3");
        broker.put("share.coordinator.state.topic.min.isr", "2");
        broker.put("min.insync.replicas", "2");
        // The broker's default for topics created without a replication factor is left at 1: a topic of the
        // enricher's with 3 replicas then shows that its own settings asked for them.
        broker.put("default.replication.factor", "1");
        cluster = new KafkaCluster(FaultSettings.workDir("cluster-nodes"), 3, broker, BROKER_JVM).start();

        Map<String, String> extra = new LinkedHashMap<>(Scenarios.session(SESSION_TIMEOUT_MS));
        extra.put(EnricherConfig.TOPIC_REPLICATION_FACTOR, "3");
        extra.put(EnricherConfig.TOPIC_MIN_INSYNC_REPLICAS, "2");
        extra.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        extra.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        extra.put(StreamsConfig.producerPrefix("acks"), "all");
        run = new FaultRun("replicated-cluster", cluster.bootstrapServers(), StreamsConfig.EXACTLY_ONCE_V2, extra,
                ENRICHER_JVM);
        run.provision(Scenarios.TABLE);
        for (int i = 0; i < 3; i++) {
            run.fleet().add().start();
        }
        run.fleet().awaitAllRunning(Scenarios.START);
        run.event("3 brokers up, 3 instances RUNNING");
    }

    @AfterAll
    void stopEverything() {
        if (run != null) {
            run.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void killingTheLeaderOfTheRawTopicsPartitionsLosesAndDuplicatesNothing() throws Exception {
        scenario("cluster-raw-leader", "kill -9 the leader of the raw topic's partitions, restart it", () -> {
            int node = cluster.mainLeader(run.config().rawTopic());
            return killAndRestart(node, "leader of raw partitions " + leadersOf(run.config().rawTopic(), node));
        });
    }

    @Test
    @Order(2)
    void killingTheLeaderOfAThemedTopicsPartitionsLosesAndDuplicatesNothing() throws Exception {
        scenario("cluster-themed-leader", "kill -9 the leader of a themed topic's partitions, restart it", () -> {
            String topic = run.config().themeTopic(ArticleGenerator.THEMES.get(0));
            int node = cluster.mainLeader(topic);
            return killAndRestart(node, "leader of " + topic + " partitions " + leadersOf(topic, node));
        });
    }

    @Test
    @Order(3)
    void killingTheTransactionCoordinatorLosesAndDuplicatesNothing() throws Exception {
        scenario("cluster-txn-coordinator", "kill -9 the transaction coordinator of the enricher's transactional "
                + "ids (leader of their __transaction_state partition), restart it", () -> {
            Map<String, Integer> coordinators = cluster.transactionCoordinators(run.config().applicationId() + "-");
            assertThat(coordinators).as("the enricher's transactional ids").isNotEmpty();
            Map<Integer, Long> perNode = new TreeMap<>();
            coordinators.values().forEach(n -> perNode.merge(n, 1L, Long::sum));
            int node = perNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            return killAndRestart(node, "transaction coordinator of " + perNode.get(node) + " of "
                    + coordinators.size() + " transactional ids " + coordinators);
        });
    }

    @Test
    @Order(4)
    void killingTheGroupCoordinatorLosesAndDuplicatesNothing() throws Exception {
        scenario("cluster-group-coordinator", "kill -9 the group coordinator of the enricher's group, restart it",
                () -> {
                    int node = cluster.groupCoordinator(run.config().applicationId());
                    return killAndRestart(node, "group coordinator of " + run.config().applicationId());
                });
    }

    @Test
    @Order(5)
    void aRollingRestartOfAllThreeBrokersLosesAndDuplicatesNothing() throws Exception {
        scenario("cluster-rolling-restart", "rolling restart of all three brokers (SIGTERM, start, wait until every "
                + "partition is in sync, next)", () -> {
                    List<Fault> faults = new ArrayList<>();
                    for (int node = 1; node <= cluster.size(); node++) {
                        FaultRun.Event stopping = run.event("stop broker " + node + " (SIGTERM)");
                        cluster.stop(node);
                        cluster.start(node);
                        FaultRun.Event back = run.event("broker " + node + " back in the cluster");
                        cluster.awaitFullyReplicated(Scenarios.START);
                        run.event("every partition in sync again");
                        faults.add(new Fault("restart of broker " + node, stopping.at(), back.at()));
                    }
                    return faults;
                });
    }

    @Test
    @Order(6)
    void oneBrokerDownForALongStretchLosesAndDuplicatesNothing() throws Exception {
        scenario("cluster-broker-down-long", "one broker kill -9'd and kept down for " + longDown.toSeconds()
                + " s while the cluster runs on two, then restarted", () -> {
                    int node = cluster.mainLeader(run.config().rawTopic());
                    return List.of(down(node, longDown, "leader of raw partitions, down for a long stretch"));
                });
    }

    @Test
    @Order(7)
    void killingAnEnricherInstanceAndABrokerAtTheSameMomentLosesAndDuplicatesNothing() throws Exception {
        scenario("cluster-instance-and-broker", "kill -9 an enricher instance and a broker at the same moment, "
                + "restart both", () -> {
                    int node = cluster.mainLeader(run.config().rawTopic());
                    List<EnricherProcess> alive = run.fleet().alive();
                    EnricherProcess victim = alive.get(new Random(seed + 7).nextInt(alive.size()));
                    Process brokerJvm = cluster.signalKill(node);
                    victim.kill();
                    cluster.awaitExit(node);
                    FaultRun.Event killed = run.event("kill -9 broker " + node + " (leader of raw partitions) and "
                            + victim.name() + (brokerJvm == null ? " (broker was not running)" : ""));
                    awaitFor(downFor);
                    victim.start();
                    cluster.start(node);
                    run.event("broker " + node + " back in the cluster, " + victim.name() + " restarted");
                    run.fleet().awaitAllRunning(Scenarios.START);
                    FaultRun.Event back = run.event("all instances RUNNING again (" + run.fleet().states() + ")");
                    return List.of(new Fault("kill -9 of broker " + node + " and " + victim.name(), killed.at(),
                            back.at()));
                });
    }

    @Test
    @Order(8)
    void everyTopicTheEnricherUsesHasThreeReplicasAndMinInsyncReplicasTwo() throws Exception {
        String app = run.config().applicationId();
        List<String> topics = cluster.admin().listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(app)).sorted().toList();
        Map<String, TopicDescription> described = cluster.describe(topics);
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = cluster.admin().describeConfigs(resources).all()
                .get(30, TimeUnit.SECONDS);
        Map<String, String> found = new TreeMap<>();
        for (String t : topics) {
            int replicas = described.get(t).partitions().get(0).replicas().size();
            var isr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            found.put(t, "replicas " + replicas + ", min.insync.replicas " + isr.value() + " (" + isr.source() + ")");
        }

        assertThat(topics).as("raw, reference, dead letters, unknown tickers, trends, themed and internal topics")
                .contains(run.config().rawTopic(), run.config().referenceTopic(), run.config().deadLetterTopic(),
                        run.config().unknownTickersTopic(), run.config().trendsTopic(),
                        run.config().themeTopic(ArticleGenerator.THEMES.get(0)))
                .anyMatch(t -> t.endsWith("-changelog"));
        assertThat(found).allSatisfy((topic, settings) -> assertThat(settings)
                .isEqualTo("replicas 3, min.insync.replicas 2 (DYNAMIC_TOPIC_CONFIG)"));
    }

    /** One fault: what it was, when it began (the kill or stop) and when its target was back. */
    record Fault(String what, long at, long back) {
    }

    @FunctionalInterface
    interface Faults {
        List<Fault> inject() throws Exception;
    }

    private List<Fault> killAndRestart(int node, String role) {
        return List.of(down(node, downFor, role));
    }

    private Fault down(int node, Duration duration, String role) {
        cluster.kill(node);
        FaultRun.Event killed = run.event("kill -9 broker " + node + " (" + role + ")");
        awaitFor(duration);
        cluster.start(node);
        FaultRun.Event back = run.event("broker " + node + " restarted on the same ports and data, back in the "
                + "cluster");
        return new Fault("kill -9 of broker " + node + " (" + role + "), down " + seconds(back.at() - killed.at())
                + " s", killed.at(), back.at());
    }

    private String leadersOf(String topic, int node) {
        Map<Integer, Integer> leaders = cluster.leaders(topic);
        return "(leads " + leaders.values().stream().filter(n -> n == node).count() + " of " + leaders.size()
                + ": " + leaders + ")";
    }

    /** Waits out a fault's duration; nothing is synchronised by it. */
    private static void awaitFor(Duration duration) {
        long until = System.currentTimeMillis() + duration.toMillis();
        await("the fault to last " + duration, duration.plusSeconds(10), () -> System.currentTimeMillis() >= until);
    }

    private void scenario(String name, String title, Faults faults) throws Exception {
        long since = System.currentTimeMillis();
        cluster.awaitFullyReplicated(Scenarios.START);
        List<String> revived = restartExited();
        run.fleet().awaitAllRunning(Scenarios.START);
        Map<TopicPartition, Long> from = OutputReader.endOffsets(run.config());
        List<Path> instanceLogs = run.fleet().instances().stream().map(EnricherProcess::log).toList();
        List<Path> brokerLogs = IntStream.rangeClosed(1, cluster.size()).mapToObj(cluster::log).toList();
        LogErrors enricherErrors = LogErrors.mark(instanceLogs);
        LogErrors brokerErrors = LogErrors.mark(brokerLogs);
        run.event("== " + name + ": " + title);

        // Planned for far longer than the stretch lasts; the crawler stops once the stream has run on after it.
        int articles = (int) (rate * (leadIn.plus(longDown).plus(tail).toSeconds() + 120));
        List<RawRecord> plan = new ArticleGenerator(seed + name.hashCode(), name, Scenarios.TABLE,
                ArticleGenerator.Mix.standard(2)).plan(articles);
        Crawler crawler = run.crawl(plan, rate);
        long leadInUntil = System.currentTimeMillis() + leadIn.toMillis();
        await("the stream to run for " + leadIn, leadIn.plusSeconds(10),
                () -> System.currentTimeMillis() >= leadInUntil);

        List<Fault> injected = faults.inject();
        run.fleet().awaitAllRunning(Scenarios.START);
        run.event("all instances RUNNING (" + run.fleet().states() + ")");
        int sentAtRecovery = crawler.sent();
        int more = (int) (rate * tail.toSeconds());
        await("the crawler to send " + more + " more records", Scenarios.PROCESSED,
                () -> crawler.sent() >= sentAtRecovery + more || crawler.done());
        crawler.finishNow();
        crawler.awaitDone(Scenarios.PROCESSED);
        run.event("crawler stopped after " + crawler.sent() + " records");
        run.awaitProcessed(Scenarios.PROCESSED);
        FaultRun.Verdict verdict = run.verifyFrom(from, null, Scenarios.READ);
        long end = System.currentTimeMillis();

        Timeline perTask = new Timeline(verdict.observed().stream().map(this::onRawPartition).toList());
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> perFault = new ArrayList<>();
        for (int i = 0; i < injected.size(); i++) {
            Fault f = injected.get(i);
            long until = i + 1 < injected.size() ? injected.get(i + 1).at() : end;
            long first = verdict.timeline().firstOutputAtOrAfter(f.at());
            long all = perTask.allPartitionsResumedAfter(f.at());
            perFault.add(f.what() + ": back after " + seconds(f.back() - f.at()) + " s; longest stall of all output "
                    + seconds(verdict.timeline().longestStall(f.at(), until)) + " s, of one raw partition's (task's) "
                    + "themed output " + seconds(perTask.longestPartitionStall(f.at(), until)) + " s; first output "
                    + (first < 0 ? "never" : seconds(first - f.at()) + " s") + " after the fault, every task's output "
                    + "resumed after " + (all < 0 ? "never" : seconds(all - f.at()) + " s"));
        }
        figures.put("per_fault", perFault);
        figures.put("longest_stall_all_output_s", seconds(injected.stream().mapToLong(f ->
                verdict.timeline().longestStall(f.at(), end)).max().orElse(0)));
        figures.put("longest_stall_one_task_s", seconds(injected.stream().mapToLong(f ->
                perTask.longestPartitionStall(f.at(), end)).max().orElse(0)));
        figures.put("crawler_send_errors_by_class", run.ledger().sendErrors());
        figures.put("crawler_record_retries", (long) crawler.producerMetric("record-retry-total"));
        figures.put("enricher_log_errors_by_kind", enricherErrors.byKind());
        figures.put("broker_log_errors_by_kind", brokerErrors.byKind());
        figures.put("records_sent", crawler.sent());
        figures.put("instance_states", run.fleet().states());
        // An instance that exited by itself (not one the test killed) did not ride out the fault.
        List<String> exits = new ArrayList<>();
        for (EnricherProcess p : run.fleet().instances()) {
            if (!p.alive()) {
                exits.add(p.name() + " " + p.state() + ": " + lastError(p.log()));
            }
        }
        figures.put("instances_exited_by_themselves", exits);
        if (!exits.isEmpty()) {
            figures.put("restarted_by_the_test_after_this_stretch", restartExited());
        }
        if (!revived.isEmpty()) {
            figures.put("restarted_before_this_stretch", revived);
        }

        Reconciliation r = verdict.reconciliation();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("brokers", cluster.size() + " KRaft nodes (broker+controller), separate JVMs");
        settings.put("replication_factor", 3);
        settings.put("min.insync.replicas", 2);
        settings.put("instances", 3);
        settings.put("num.standby.replicas", 1);
        settings.put("num.stream.threads", 1);
        settings.put("session.timeout.ms", Scenarios.sessionLabel(SESSION_TIMEOUT_MS));
        settings.put("rate_records_per_s", rate);
        settings.put("broker_down_s", downFor.toSeconds());
        settings.put("long_down_s", longDown.toSeconds());
        run.report(name, since, title, verdict, r.clean() && exits.isEmpty(), "missing = duplicated = unexpected = "
                + "malformed = 0, and no instance exited by itself", figures, settings);

        assertThat(r.crawlerFailures()).isEmpty();
        assertThat(r.produced()).as("records the crawler got into Kafka").isPositive();
        assertThat(r.clean()).as(r.summary()).isTrue();
        assertThat(exits).as("instances that exited by themselves during " + name).isEmpty();
    }

    /**
     * Starts again, as a supervisor would, every instance that has exited (up to three attempts each), so that each
     * stretch begins with three; the stretch it exited in reports the exit. Returns what was restarted and how it
     * went.
     */
    private List<String> restartExited() {
        List<String> revived = new ArrayList<>();
        for (EnricherProcess p : run.fleet().instances()) {
            for (int attempt = 1; !p.alive() && attempt <= 3; attempt++) {
                String was = p.state();
                p.start();
                try {
                    p.awaitRunning(Scenarios.START);
                    revived.add(p.name() + " (" + was + ") restarted, RUNNING (attempt " + attempt + ")");
                } catch (AssertionError exited) {
                    revived.add(p.name() + " (" + was + ") restarted, exited again: " + lastError(p.log()));
                }
                run.event(revived.get(revived.size() - 1));
            }
        }
        return revived;
    }

    /** The product's last error line (why it stopped), without the log prefix. */
    private static String lastError(Path log) {
        try (var lines = java.nio.file.Files.lines(log)) {
            return lines.filter(l -> l.contains(" ERROR news.enricher.")).reduce((a, b) -> b)
                    .map(l -> l.substring(l.indexOf(" - ") + 3)).map(l -> l.length() > 400 ? l.substring(0, 400) : l)
                    .orElse("no ERROR line of the enricher's own");
        } catch (java.io.IOException e) {
            return "log unreadable: " + e;
        }
    }

    /** A themed copy placed on the raw partition its article came from: the task that wrote it. */
    private Observed onRawPartition(Observed o) {
        if (o.kind() != Observed.Kind.THEMED || o.key() == null) {
            return o;
        }
        int partition = Utils.toPositive(Utils.murmur2(o.key().getBytes(StandardCharsets.UTF_8)))
                % run.config().topicPartitions();
        return new Observed(o.kind(), o.topic(), partition, o.offset(), o.key(), o.ident(), o.timestamp(),
                o.theme(), o.symbols(), o.reason(), o.problem());
    }
}
