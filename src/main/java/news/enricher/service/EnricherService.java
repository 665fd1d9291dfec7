package news.enricher.service;

import news.enricher.acl.Denials;
import news.enricher.config.EnricherConfig;
import news.enricher.ops.EnricherMetrics;
import news.enricher.ops.OpsServer;
import news.enricher.ops.TrendsApi;
import news.enricher.ops.TrendsPage;
import news.enricher.trends.TrendQueries;
import news.enricher.provision.ThemeTopicGuard;
import news.enricher.provision.TopicProvisioner;
import news.enricher.schema.SchemaEndpoint;
import news.enricher.deadletter.DeadLetterFit;
import news.enricher.deadletter.DeadLetterLog;
import news.enricher.deadletter.DeadLetterProcessingHandler;
import news.enricher.topology.EnricherEvents;
import news.enricher.topology.EnricherHooks;
import news.enricher.topology.EnricherTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One running enricher: provisions topics, runs the topology on a {@link KafkaStreams} client, serves health and
 * metrics. Scale-out is Kafka Streams' own: every instance with the same {@code application.id} takes a share of
 * the raw topic's partitions.
 */
public final class EnricherService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnricherService.class);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final EnricherConfig config;
    private final Admin admin;
    private final EnricherMetrics metrics = new EnricherMetrics();
    private final DeadLetterLog deadLetterLog = new DeadLetterLog();
    private final KafkaStreams streams;
    private final OpsServer ops;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final GlobalStateGuard globalState;
    private final ThreadReplacements replacements = new ThreadReplacements(Clock.systemUTC());

    /** Connects, creates missing topics and builds the client; fails fast (with the cause) if the cluster refuses. */
    public EnricherService(EnricherConfig config) {
        this(config, UnaryOperator.identity(), (now, before) -> { });
    }

    /**
     * The same service, observed: {@code events} wraps the metrics the topology reports to, and {@code stateListener}
     * hears every state change after the service's own listener. The benchmark runs the service's real wiring
     * through this and needs to see the first record and when the client runs or fails.
     */
    public EnricherService(EnricherConfig config, UnaryOperator<EnricherEvents> events,
                           KafkaStreams.StateListener stateListener) {
        this.config = config;
        this.admin = Admin.create(config.clientProperties());
        StreamsConfig streamsConfig = new StreamsConfig(config.streamsProperties());
        this.globalState = new GlobalStateGuard(streamsConfig);
        KafkaStreams built = null;
        try {
            if (globalState.beforeStart()) {
                // First, before the slower start-up steps: the other instances' takeover waits for it.
                new AbandonedTransactions(streamsConfig).abort();
            }
            TopicProvisioner provisioner = new TopicProvisioner(admin, config);
            List<String> created = provisioner.ensureFixedTopics();
            if (!created.isEmpty()) {
                LOG.info("Created missing topics: {}", created);
            }
            ThemeTopicGuard guard = new ThemeTopicGuard(provisioner).preload();
            EnricherHooks hooks = new EnricherHooks(guard, events.apply(metrics), Clock.systemUTC());
            Properties streamsProps = config.streamsProperties();
            streamsProps.put(EnricherEvents.CONFIG, hooks.events());
            provisioner.maxMessageBytes(config.deadLetterTopic()).ifPresent(limit -> {
                if (limit < config.topicMaxMessageBytes() + EnricherConfig.DEAD_LETTER_HEADROOM) {
                    LOG.warn("Dead-letter topic {} takes records of at most {} bytes: larger dead letters will be"
                            + " cut to fit (see the enricher.dlq.* headers)", config.deadLetterTopic(), limit);
                }
                streamsProps.put(DeadLetterFit.TOPIC_MAX_MESSAGE_BYTES_CONFIG, String.valueOf(limit));
            });
            // One rate limit and one summary for all stream threads: the handlers share this instance.
            streamsProps.put(DeadLetterLog.CONFIG, deadLetterLog);
            built = new KafkaStreams(EnricherTopology.build(config, hooks), streamsProps);
            this.ops = config.httpEnabled()
                    ? new OpsServer(config.httpBind(), config.httpPort(), built::state, metrics)
                    : null;
            if (ops != null && config.trendsEnabled()) {
                long windowMs = config.trendsWindow().toMillis();
                int maxWindows = (int) Math.min(10_000, config.trendsRetention().toMillis() / windowMs);
                ops.route(TrendsApi.PATH, new TrendsApi(new TrendQueries(new TrendsView(built), windowMs), maxWindows))
                        .route("/", new TrendsPage());
            }
            if (ops != null) {
                SchemaEndpoint.register(ops);
            }
        } catch (RuntimeException e) {
            // A client that never started still holds its state directory's lock and its Kafka clients.
            if (built != null) {
                built.close(Duration.ZERO);
            }
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
        this.streams = built;
        metrics.bind(streams);
        streams.setGlobalStateRestoreListener(new RestoreLog());
        streams.setUncaughtExceptionHandler(e -> {
            if (DeadLetterProcessingHandler.isInfrastructureFailure(e)) {
                // The cluster could not create a topic just now: retry the record on a fresh thread.
                LOG.warn("Retrying on a new stream thread after: {}", Failures.describe(e));
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            if (ThreadReplacements.isTransient(e) && !Denials.isDenied(e) && replacements.tryReplace()) {
                LOG.warn("Replacing the stream thread after a cluster-side failure (its transaction is aborted and "
                        + "redone): {}", Failures.describe(e));
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            // Bad records never get here (the handlers dead-letter them); this is a broken cluster or a bug.
            LOG.error("Fatal error in a stream thread, shutting down: {}",
                    Denials.explain(e, config).orElseGet(() -> Failures.describe(e)));
            fatal.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
            stateListener.onChange(now, before);
        });
    }

    public EnricherService start() {
        if (ops != null) {
            ops.start();
            // The bound address, not "localhost": whether the endpoints are reachable from outside depends on it.
            String bound = hostAndPort(ops.address());
            LOG.info("Health on http://{}/health, metrics on http://{}/metrics{}", bound, bound,
                    config.trendsEnabled() ? ", trends on http://" + bound + "/" : "");
        }
        deadLetterLog.startTicking();
        streams.start();
        LOG.info("Enricher '{}' started ({}): {} -> {}<theme>, dead letters to {}", config.applicationId(),
                config.streamsProperties().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG),
                config.rawTopic(), config.themeTopicPrefix(), config.deadLetterTopic());
        return this;
    }

    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public int opsPort() {
        return ops == null ? -1 : ops.port();
    }

    public EnricherMetrics metrics() {
        return metrics;
    }

    /** The Kafka Streams client's own metrics and those of its clients. */
    public Map<MetricName, ? extends Metric> clientMetrics() {
        return streams.metrics();
    }

    /** Blocks until the client stops by itself (fatal error) or {@link #close()} is called. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error that stopped the client, if any. */
    public Throwable fatalError() {
        return fatal.get();
    }

    @Override
    public void close() {
        // Closing commits what was processed and flushes the producer: nothing in flight is lost or redone.
        // Leaving the group hands our partitions over at once; by default Kafka Streams stays a member, and an
        // instance restarted in its place waits out the old member's session.timeout.ms (45 s) before it works.
        boolean clean = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!clean) {
            LOG.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
        } else if (fatal.get() == null) {
            globalState.afterCleanClose();
        }
        if (ops != null) {
            ops.close();
        }
        deadLetterLog.close();
        metrics.close();
        admin.close(Duration.ofSeconds(5));
        stopped.countDown();
    }
}
