package news.enricher.faults;

import com.fasterxml.jackson.databind.JsonNode;
import news.enricher.config.EnricherConfig;
import news.enricher.embedded.EmbeddedKafkaBroker;
import news.enricher.provision.TopicProvisioner;
import news.enricher.reference.ReferenceTopicWriter;
import news.enricher.reference.TickerRow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static news.enricher.testkit.KafkaTestKit.await;

/**
 * One scenario run: its own application id and topics on a shared broker, a fleet of enricher JVMs, the crawler,
 * a log of the faults injected, and at the end the verifier (reconciliation plus timeline).
 */
public final class FaultRun implements AutoCloseable {

    /**
     * The instances also log their consumer's group membership (joins, generations, assignments) and their
     * producer's transactional state, which the product logs only at WARN: a failover is read from these lines.
     */
    private static final List<String> JVM = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.internals.AbstractCoordinator=info",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=info",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.TransactionManager=info");

    /** A fault or membership change, at wall-clock time {@code at}. */
    public record Event(long at, String what) {
    }

    private final String scenario;
    private final EnricherConfig config;
    private final Fleet fleet;
    private final long startedAt = System.currentTimeMillis();
    private final List<Event> events = new ArrayList<>();
    private Ledger ledger;
    private Crawler crawler;
    private Admin admin;

    public FaultRun(String scenario, EmbeddedKafkaBroker broker, String guarantee, Map<String, String> extra)
            throws IOException {
        this(scenario, broker.bootstrapServers(), guarantee, extra, JVM, false);
    }

    /** @param staticMembership whether each instance joins with its name as {@code group.instance.id} */
    public FaultRun(String scenario, EmbeddedKafkaBroker broker, String guarantee, Map<String, String> extra,
                    boolean staticMembership) throws IOException {
        this(scenario, broker.bootstrapServers(), guarantee, extra, JVM, staticMembership);
    }

    /** A run against any cluster, with the instances' JVM options given (e.g. the heap under test). */
    public FaultRun(String scenario, String bootstrapServers, String guarantee, Map<String, String> extra,
                    List<String> jvmOptions) throws IOException {
        this(scenario, bootstrapServers, guarantee, extra, jvmOptions, false);
    }

    private FaultRun(String scenario, String bootstrapServers, String guarantee, Map<String, String> extra,
                     List<String> jvmOptions, boolean staticMembership) throws IOException {
        this.scenario = scenario;
        String id = "faults-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("bootstrap.servers", bootstrapServers);
        values.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
        values.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        values.put(EnricherConfig.RAW_TOPIC, id + ".raw");
        values.put(EnricherConfig.REFERENCE_TOPIC, id + ".reference");
        values.put(EnricherConfig.DEAD_LETTER_TOPIC, id + ".dlq");
        values.put(EnricherConfig.UNKNOWN_TICKERS_TOPIC, id + ".unknown");
        values.put(EnricherConfig.THEME_TOPIC_PREFIX, id + ".enriched.");
        values.put(EnricherConfig.TRENDS_TOPIC, id + ".trends");
        values.put(EnricherConfig.TOPIC_PARTITIONS, "6");
        values.put(EnricherConfig.HTTP_ENABLED, "false");
        values.putAll(extra);
        this.config = EnricherConfig.defaults().with(values);
        deleteRecursively(FaultSettings.workDir(scenario));
        this.fleet = new Fleet(FaultSettings.workDir(scenario), values, jvmOptions, staticMembership);
    }

    public EnricherConfig config() {
        return config;
    }

    public Fleet fleet() {
        return fleet;
    }

    /** Creates the product's fixed topics the way the service does, and loads the reference table. */
    public FaultRun provision(List<TickerRow> table) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin, config).ensureFixedTopics();
        }
        new ReferenceTopicWriter(config.clientProperties(), config.referenceTopic()).write(table, false);
        return this;
    }

    /** Starts a crawler over the plan; a run's later crawl replaces (and closes) the one before. */
    public Crawler crawl(List<RawRecord> plan, double recordsPerSecond) {
        return crawl(plan, recordsPerSecond, Map.of());
    }

    /** With producer settings of the crawler's own, e.g. {@code compression.type}. */
    public Crawler crawl(List<RawRecord> plan, double recordsPerSecond, Map<String, Object> producerSettings) {
        if (crawler != null) {
            crawler.close();
        }
        ledger = new Ledger(plan);
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.putAll(producerSettings);
        crawler = new Crawler(props, config.rawTopic(), ledger, recordsPerSecond).start();
        event("crawler started: " + plan.size() + " records at " + (int) recordsPerSecond + "/s");
        return crawler;
    }

    public Ledger ledger() {
        return ledger;
    }

    public Event event(String what) {
        Event e = new Event(System.currentTimeMillis(), what);
        synchronized (events) {
            events.add(e);
        }
        return e;
    }

    public List<Event> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    public long startedAt() {
        return startedAt;
    }

    /**
     * Waits until the application has committed offsets up to the end of every raw partition: every record was
     * processed and its outputs committed (exactly-once) or flushed (at-least-once).
     */
    public void awaitProcessed(Duration timeout) {
        String[] lag = {"unknown"};
        await("the enricher to commit every raw record (lag " + lag[0] + ", " + fleet.states() + ")", timeout,
                () -> {
                    long remaining = lag();
                    lag[0] = String.valueOf(remaining);
                    return remaining == 0;
                });
        event("all raw records processed and committed");
    }

    /**
     * Raw records not yet committed by the application (stable offsets only: a transaction still open does not
     * count), or {@link Long#MAX_VALUE} when the broker cannot tell right now.
     */
    public synchronized long lag() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>(config.clientProperties());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            admin = Admin.create(props);
        }
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < config.topicPartitions(); p++) {
                latest.put(new TopicPartition(config.rawTopic(), p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                    Map.of(config.applicationId(), new ListConsumerGroupOffsetsSpec()),
                    new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata(config.applicationId()).get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }

    /** Reads every output and reconciles it with what the crawler got into Kafka. */
    public Verdict verify(Function<JsonNode, String> themedCheck, Duration timeout) throws Exception {
        return verifyFrom(Map.of(), themedCheck, timeout);
    }

    /**
     * Reads the outputs from the given offsets on (see {@link OutputReader#readFrom}) and reconciles them with what
     * the latest crawl got into Kafka.
     */
    public Verdict verifyFrom(Map<TopicPartition, Long> from, Function<JsonNode, String> themedCheck,
                              Duration timeout) throws Exception {
        List<Observed> observed = OutputReader.readFrom(config, from, themedCheck, timeout);
        Reconciliation r = Reconciler.reconcile(config, ledger, observed);
        return new Verdict(r, observed, new Timeline(observed));
    }

    /** The verifier's output: the reconciliation and the run's output timeline. */
    public record Verdict(Reconciliation reconciliation, List<Observed> observed, Timeline timeline) {
    }

    /** Writes this scenario's section of target/faults/report.{md,json}. */
    public void report(String title, Verdict verdict, boolean passed, String assertion, Map<String, Object> figures,
                       Map<String, Object> settings) {
        report(scenario, startedAt, title, verdict, passed, assertion, figures, settings);
    }

    /**
     * Writes the section {@code section} of the report for the stretch of this run that began at {@code since}
     * (wall time and timeline from there), for runs that go through several scenarios in turn.
     */
    public void report(String section, long since, String title, Verdict verdict, boolean passed, String assertion,
                       Map<String, Object> figures, Map<String, Object> settings) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scenario", section);
        s.put("title", title);
        s.put("mode", FaultSettings.mode());
        s.put("seed", FaultSettings.seed());
        s.put("processing_guarantee", config.processingGuarantee());
        s.put("passed", passed);
        s.put("assertion", assertion);
        s.put("wall_time_s", Math.round((System.currentTimeMillis() - since) / 100.0) / 10.0);
        s.put("counts", verdict.reconciliation().asMap());
        s.put("figures", figures);
        s.put("produced_by_kind", ledger.kinds());
        List<String> timeline = new ArrayList<>();
        for (Event e : events()) {
            if (e.at() >= since) {
                timeline.add(String.format("t+%.1fs %s", (e.at() - since) / 1000.0, e.what()));
            }
        }
        s.put("events", timeline);
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.put("application.id", config.applicationId());
        all.put("logs", FaultSettings.workDir(scenario).toString());
        s.put("settings", all);
        FaultReport.write(section, s);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() {
        if (crawler != null) {
            crawler.close();
        }
        fleet.close();
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }
}
